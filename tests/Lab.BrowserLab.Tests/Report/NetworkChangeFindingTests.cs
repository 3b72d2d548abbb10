using Lab.BrowserLab.Report;

namespace Lab.BrowserLab.Tests.Report;

/// <summary>The network-change finding says "not reproduced" only when the page was watched long enough after the
/// return for a reload at once to have come; a change the NetLog never saw, or too short a watch, is NO DATA.</summary>
public class NetworkChangeFindingTests
{
    private static readonly NetworkChangeEvent[] Changes =
        [new("NETWORK_CONNECTIVITY_CHANGED", "CONNECTION_NONE", 10_000), new("NETWORK_CONNECTIVITY_CHANGED", "CONNECTION_ETHERNET", 20_000)];

    [Fact]
    public void NoReloadAfterTheReturnIsNotReproducedOnlyWhenWatchedLongEnough()
    {
        Assert.EndsWith("no reload in the 30 s watched after it came back: the network story's reload at the return is not reproduced",
            NetworkChangeReport.Judge(Changes, [], 10_000, 20_000, watchedAfterUpMs: 30_000));
        Assert.Contains("NO DATA: the page was watched only 0.2 s after the network came back",
            NetworkChangeReport.Judge(Changes, [], 10_000, 20_000, watchedAfterUpMs: 200));
        Assert.StartsWith("NO DATA: the NetLog recorded no change to CONNECTION_NONE",
            NetworkChangeReport.Judge([], [], 10_000, 20_000, 30_000));
    }

    [Fact]
    public void AReloadOneDelayAfterTheLastChangeIsNotAtOnce()
    {
        ReloadAfterOutage[] reloads = [new("network-change", 9, 51_774, AfterLastChangeMs: 30_020, AfterUpMs: 31_522)];

        var finding = NetworkChangeReport.Judge(Changes, reloads, 10_000, 20_000, 40_000);

        Assert.Contains("31.522 s later, 30.02 s after the NetLog's last network change (today's table has a 30 s step)", finding);
        Assert.EndsWith("is not reproduced", finding);
    }
}
