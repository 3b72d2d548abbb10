using Lab.BrowserLab.Clients;
using Lab.BrowserLab.Tests.Experiment;

namespace Lab.BrowserLab.Tests.NetLog;

/// <summary>Chromium's own account of an attempt, read from real NetLogs: whether it was stopped while a request
/// to the gateway was still loading (then <c>cutOff</c>), and the error it ended with otherwise.</summary>
public class ChromiumAccountTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void AReloadCancelledByTheShutdownIsStillLoading()
    {
        // chromium-typed under hold (idle timeout 10 s, settle 12 s): the first request waited out the timeout and
        // failed ERR_EMPTY_RESPONSE; the error page's reload 1 s later was waiting for its response when SIGINT
        // stopped the browser: CANCELLED, then REQUEST_ALIVE ends without a net error.
        var account = ChromiumClient.OwnAccount(Fixture("netlog-typed-hold-cut-off.json"), "http://127.0.0.1:44113/anything");

        Assert.True(account.StillLoading);
        Assert.Equal("ERR_EMPTY_RESPONSE", account.FinalError);
        Assert.Equal(4, account.Own);
    }

    [Fact]
    public void ARunWhoseRequestsAllEndedIsNotStillLoading()
    {
        var account = ChromiumClient.OwnAccount(Fixture("netlog-fin-once.json"), "http://127.0.0.1:42331/anything");

        Assert.False(account.StillLoading);
        Assert.Equal("ERR_EMPTY_RESPONSE", account.FinalError);
        // Counted in the file itself, not through the lab's NetLog model: 3 TCP_CONNECTs to the gateway, and its one
        // request there resent twice (2 HTTP_TRANSACTION_RESTART_AFTER_ERROR, ERR_EMPTY_RESPONSE; kMaxRetryAttempts = 2).
        var netLog = Fixture("netlog-fin-once.json");
        Assert.Equal((3, 2), (ReportShape.SocketsInNetLog(netLog, "127.0.0.1:42331").Count, ReportShape.RestartsInNetLog(netLog, "127.0.0.1:42331")));
        Assert.Equal((3, 2), (account.Own, account.Retries));
    }
}
