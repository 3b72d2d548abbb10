using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The soak's decision about its run directories, without a soak: a MISMATCH keeps every one, names
/// them and exits 1; nothing mismatched deletes them and exits 0; a soak stopped by an exception names the ones
/// it wrote and deletes nothing.</summary>
public sealed class SoakLogsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lab-soak-logs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SoakLogs Written()
    {
        var logs = SoakLogs.Under(_root, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        foreach (var dir in logs.All)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "gateway.clef"), "{}\n");
        }
        return logs;
    }

    [Fact]
    public void AMismatchKeepsEveryRunDirectoryNamesThemAndExits1()
    {
        var logs = Written();

        var (lines, exit) = logs.Conclude(["churn gateway: 5 init ok but 4 do_terminate; without one: #Port<0.7>", "storm: SIGTERM gave exit 134"]);

        Assert.Equal(1, exit);
        var churn = Path.Combine(_root, "lab-soak-20260102-030405");
        Assert.Equal(
            [
                "MISMATCH churn gateway: 5 init ok but 4 do_terminate; without one: #Port<0.7>",
                "MISMATCH storm: SIGTERM gave exit 134",
                $"logs kept: {churn}, {churn}-slow, {churn}-limit, {churn}-storm",
            ],
            lines.TrimEnd().Split(Environment.NewLine));
        Assert.All(logs.All, dir => Assert.True(File.Exists(Path.Combine(dir, "gateway.clef")), $"{dir} was not kept"));
    }

    [Fact]
    public void NothingMismatchedDeletesEveryRunDirectoryAndExits0()
    {
        var logs = Written();

        var (lines, exit) = logs.Conclude([]);

        Assert.Equal(0, exit);
        Assert.Equal($"logs: {logs.Churn} (deleted after counting; nothing mismatched)", lines.TrimEnd());
        Assert.All(logs.All, dir => Assert.False(Directory.Exists(dir), $"{dir} was not deleted"));
    }

    [Fact]
    public void AnExceptionNamesTheDirectoriesWrittenSoFarAndDeletesNothing()
    {
        var logs = SoakLogs.Under(_root, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        Assert.Equal($"soak stopped: TimeoutException: late; no run directory written yet (they would be {logs.Churn}[-slow|-limit|-storm])",
            logs.AfterException(new TimeoutException("late")));

        Directory.CreateDirectory(logs.Churn);
        Directory.CreateDirectory(logs.Limit);
        Assert.Equal($"soak stopped: InvalidOperationException: the gateway printed 'x'; logs kept: {logs.Churn}, {logs.Limit}",
            logs.AfterException(new InvalidOperationException("the gateway printed 'x'")));
        Assert.True(Directory.Exists(logs.Churn) && Directory.Exists(logs.Limit));
    }

    [Fact]
    public async Task ASoakThatThrowsSaysWhereItsLogsAreAndRethrows()
    {
        // A gateway that cannot start (its dll is missing) stops the soak at its first step; the churn directory
        // made beforehand stands for what an earlier step wrote.
        var logs = SoakLogs.Under(_root, DateTime.UtcNow);
        Directory.CreateDirectory(logs.Churn);
        var progress = new List<string>();
        var paths = BenchPaths.Discover() with { Root = Path.Combine(_root, "no-such-repository") };
        var soak = new Soak(paths, 10, 10, TimeSpan.FromSeconds(1), logs, progress.Add);

        await Assert.ThrowsAsync<InvalidOperationException>(() => soak.RunAsync());

        Assert.Matches($"^soak stopped: InvalidOperationException: .*; logs kept: {System.Text.RegularExpressions.Regex.Escape(logs.Churn)}$", progress[^1]);
        Assert.True(Directory.Exists(logs.Churn));
    }
}
