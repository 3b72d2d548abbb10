using System.Text.RegularExpressions;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Shape;

/// <summary>Issue 26 §3: one owner finishes a connection's ending. A reset or Kestrel's abort is caught in one
/// place in the gateway, the connection record middleware; the counting pipes only count (what a close put on the wire
/// is the transport's word, <c>Transport/ISocketCloseFeature</c>).</summary>
public partial class EndingOwnerTests
{
    [Fact]
    public void OneCatchOfAResetOrAnAbortAndCountingPipesThatOnlyCount()
    {
        var server = RepoRoot.Path("Gateway/Server");
        var sources = Directory.EnumerateFiles(server, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var catching = sources.Where(f => File.ReadLines(f).Any(l => CatchOfAnEnding().IsMatch(l)))
            .Select(f => Path.GetRelativePath(server, f).Replace('\\', '/'))
            .ToList();
        Assert.Equal(["Middleware/ConnectionRecordMiddleware.cs"], catching);

        Assert.DoesNotMatch(EndingReport(), File.ReadAllText(Path.Combine(server, "Middleware/CountingDuplexPipe.cs")));
    }

    [GeneratedRegex(@"catch\s*\((ConnectionResetException|ConnectionAbortedException|Exception \w+\)\s*when\s*\(\w+ is ConnectionResetException)")]
    private static partial Regex CatchOfAnEnding();

    [GeneratedRegex(@"record\.(PeerReset|PeerClosed|Stopped|Rejected|Abort)\b")]
    private static partial Regex EndingReport();
}
