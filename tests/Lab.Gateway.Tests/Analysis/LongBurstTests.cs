using System.Text;
using Lab.Gateway.Tests.Support;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>analyze's output stays readable whatever the run: a burst of many connections is its first ids, its last
/// and its count on one short line, and --limit bounds every section as it bounds the table.</summary>
public class LongBurstTests
{
    [Fact]
    public async Task ALongBurstIsSummarisedAndLimitBoundsEverySection()
    {
        await using var gateway = await TestGateway.StartAsync();
        // Twenty of one head, then three of another: two bursts from one client.
        foreach (var (request, count) in new[] { ("GET /storm HTTP/1.1\r\n\r\n", 20), ("POST /x HTTP/1.1\r\n\r\n", 3) })
            for (var i = 0; i < count; i++)
            {
                using var client = await RawClient.ConnectAsync(gateway.Frames);
                await client.SendAsync(Encoding.ASCII.GetBytes(request));
                await client.ReadToEndAsync(TimeSpan.FromSeconds(5));
            }
        await gateway.WaitForNoConnectionsAsync();
        var logs = (await gateway.StopAndReadLogsAsync()).Directory;

        var all = await CliRun.RunAsync("Gateway", "analyze", logs);
        var limited = await CliRun.RunAsync("Gateway", "analyze", logs, "--limit", "1");

        Assert.Equal(0, all.ExitCode);
        var burst = FoldedText.Lines(all.Stdout).Single(l => l.Contains("\"GET /storm", StringComparison.Ordinal) && l.Contains(" from ", StringComparison.Ordinal));
        Assert.Matches(@"#Port<0\.\d+> … #Port<0\.\d+> \(20 connections\) from ", burst);
        Assert.Equal(6, burst.Split("#Port<").Length - 1); // five first ids and the last
        Assert.True(burst.Length < 200, burst); // unfolded: the whole item, however the terminal folds it
        Assert.Equal(0, limited.ExitCode);
        Assert.Contains("  … 22 more connection(s) not shown (--limit 1)", limited.Stdout);
        var bursts = limited.Stdout[limited.Stdout.IndexOf("bursts (", StringComparison.Ordinal)..];
        Assert.Contains("  … and 1 more (--limit 1)", bursts[..bursts.IndexOf("silent (", StringComparison.Ordinal)]);
    }
}
