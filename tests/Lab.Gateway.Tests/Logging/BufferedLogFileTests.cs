using System.Text;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Tests.Logging;

/// <summary>gateway.log's writer: lines arrive whole and in order, and a full disk is counted, never thrown.</summary>
public class BufferedLogFileTests
{
    [Fact]
    public void LinesReachTheFileAtTheFlushAndAtDispose()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lab-buffered-{Guid.NewGuid():N}.log");
        try
        {
            using (var file = new BufferedLogFile(path, TimeSpan.FromHours(1)))
            {
                file.Write(new StringBuilder("first\n"));
                file.Flush();
                Assert.Equal("first\n", ReadShared(path));
                file.Write(new StringBuilder("second é\n"));
            }
            Assert.Equal("first\nsecond é\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFullDiskIsCountedNotThrown()
    {
        // /dev/full answers every write with ENOSPC.
        using var file = new BufferedLogFile("/dev/full", TimeSpan.FromHours(1));
        file.Write(new StringBuilder(new string('x', 100_000)));
        file.Flush();
        Assert.True(file.WriteFailures > 0);
    }

    [Fact]
    public void LinesAFullDiskTookAreCountedAndThoseAskedForCountedApart()
    {
        using var file = new BufferedLogFile("/dev/full", TimeSpan.FromHours(1), countWhenLost: l => l.Contains("do_terminate"));
        for (var i = 0; i < 10; i++)
        {
            file.WriteLine($"init ok {i}");
            file.Write(new StringBuilder($"do_terminate {i}\n"));
        }
        file.Flush();
        Assert.Equal(20, file.LinesLost);
        Assert.Equal(10, file.CountedLinesLost);
        Assert.Equal(1, file.WriteFailures); // one flush, one failed write, twenty lines
    }

    [Fact]
    public void RollsBySizeIntoNumberedFilesEachWithTheHeaderAndKeepsTheRetainedCount()
    {
        var dir = Directory.CreateTempSubdirectory("lab-rolling-").FullName;
        var path = Path.Combine(dir, "ports.log");
        var deleted = new List<string>();
        var line = new string('x', 99); // 100 bytes with its newline
        using (var file = new BufferedLogFile(path, TimeSpan.FromHours(1), new LogRolling(1000, Retain: 3), header: "# h", deleted.Add))
        {
            for (var i = 0; i < 50; i++)
                file.WriteLine($"{i:D3}{line[3..]}");
            // 4 + 10 × 100 bytes ≥ 1000: every 10th line fills a file, which rolls when the next line comes, so the
            // fifth full one is still the active file (a run's last line stays where --log-retain 1 keeps it).
            Assert.Equal(4, file.Rolls);
            Assert.InRange(new FileInfo(path).Length, 1000, 1099);
            file.WriteLine($"050{line[3..]}");
            Assert.Equal(5, file.Rolls);
        }

        // Three files kept: the two newest rolled ones and the active one; the three oldest were deleted, each reported once.
        Assert.Equal(["ports-000004.log", "ports-000005.log", "ports.log"], RolledLogSet.InOrder(path).Select(Path.GetFileName));
        Assert.Equal(["ports-000001.log", "ports-000002.log", "ports-000003.log"], deleted.Select(Path.GetFileName));
        Assert.Equal(3, RolledLogSet.DeletedBefore(path));
        var lines = RolledLogSet.InOrder(path).SelectMany(File.ReadLines).ToList();
        Assert.Equal(3, lines.Count(l => l == "# h"));
        Assert.Equal(Enumerable.Range(30, 21).Select(i => i.ToString("D3")), lines.Where(l => l != "# h").Select(l => l[..3])); // in order, none lost but the deleted
        Assert.All(RolledLogSet.Rolled(path), r => Assert.InRange(new FileInfo(r.Path).Length, 1000, 1099)); // at most one line past the limit

        // Reopened (a gateway restarted on the same run directory): numbering goes on after the newest.
        using (var file = new BufferedLogFile(path, TimeSpan.FromHours(1), new LogRolling(1000, Retain: 0), header: "# h"))
        {
            for (var i = 0; i < 10; i++)
                file.WriteLine(line);
        }
        Assert.Contains("ports-000006.log", RolledLogSet.InOrder(path).Select(Path.GetFileName));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void KeepingEveryFileDeletesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("lab-rolling-").FullName;
        var path = Path.Combine(dir, "gateway.log");
        using (var file = new BufferedLogFile(path, TimeSpan.FromHours(1), new LogRolling(500, Retain: 0), deleted: p => Assert.Fail($"deleted {p}")))
        {
            for (var i = 0; i < 100; i++)
                file.WriteLine(new string('y', 49));
        }
        Assert.Equal(10, RolledLogSet.InOrder(path).Count); // 10 full files of 500 bytes, the last of them the active one (no line came to roll it)
        Assert.Equal(100, RolledLogSet.InOrder(path).SelectMany(File.ReadLines).Count());
        Directory.Delete(dir, recursive: true);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
