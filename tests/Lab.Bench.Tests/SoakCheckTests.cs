using System.Net;
using System.Net.Sockets;
using System.Text;
using Lab.Bench;
using Lab.TestSupport;

namespace Lab.Bench.Tests;

/// <summary>The soak's checker on a real gateway's run directory, without a soak: whole, it passes; with one
/// do_terminate removed (the fault a lost line would be), it says MISMATCH, names the connection, exits 1
/// and keeps the directory. The gateway's own failed-write count, which the reject storm judges, is read from the
/// newest totals line.</summary>
public sealed class SoakCheckTests
{
    [Fact]
    public async Task ALostDoTerminateIsAMismatchThatExits1AndKeepsTheLogs()
    {
        var paths = BenchPaths.Discover();
        var dir = Path.Combine(Directory.CreateTempSubdirectory("lab-soak-check-").FullName, "run");
        await using (var gateway = await ServerProcess.StartGatewayAsync(paths, dir))
        {
            for (var i = 0; i < 5; i++)
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port));
                await s.SendAsync(Encoding.ASCII.GetBytes("GET /anything HTTP/1.1\r\n\r\n"), SocketFlags.None);
                while (await s.ReceiveAsync(new byte[256], SocketFlags.None) > 0) { }
            }
            await gateway.StopAsync();
        }

        Assert.Equal(0, RunLogCheck.LogWriteFailuresOf(dir)); // what the reject storm judges, read from the same totals line
        var whole = await CliRun.RunAsync("LabBench", "soak-check", dir);
        Assert.Equal(0, whole.ExitCode);
        Assert.StartsWith("log lines: 5 init ok, 5 do_terminate, 0 refused, 0 failed write(s) — one do_terminate per init ok, nothing lost", whole.Stdout);

        var clef = Path.Combine(dir, "gateway.clef");
        var lines = File.ReadAllLines(clef).ToList();
        var lost = lines.FindLastIndex(l => l.Contains("\"Name\":\"do_terminate\""));
        var lostId = System.Text.RegularExpressions.Regex.Match(lines[lost], "\"portId\":(\\d+)").Groups[1].Value;
        lines.RemoveAt(lost);
        File.WriteAllLines(clef, lines);

        var damaged = await CliRun.RunAsync("LabBench", "soak-check", dir);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains($"MISMATCH 5 init ok but 4 do_terminate; without one: #Port<0.{lostId}>", damaged.Stdout);
        Assert.Contains($"logs kept: {dir}", damaged.Stdout);
        Assert.True(File.Exists(clef));

        (await CliRun.RunAsync("LabBench", "soak-check", Path.Combine(dir, "nope"))).AssertUsageError("does not exist");
        Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
    }

    [Fact]
    public void TheFailedWriteCountIsTheNewestTotalsLineAcrossRolledFiles()
    {
        // The storm's retention may have deleted the first files; the totals line written at exit is in the newest one.
        var dir = Directory.CreateTempSubdirectory("lab-soak-totals-").FullName;
        Assert.Null(RunLogCheck.LogWriteFailuresOf(dir));
        File.WriteAllText(Path.Combine(dir, "gateway-000007.clef"), "{\"Name\":\"totals\",\"logWriteFailures\":0}\n");
        File.WriteAllText(Path.Combine(dir, "gateway.clef"), "{\"Name\":\"init_ok\",\"portId\":1}\n");
        Assert.Equal(0, RunLogCheck.LogWriteFailuresOf(dir));
        File.AppendAllText(Path.Combine(dir, "gateway.clef"), "{\"Name\":\"totals\",\"logWriteFailures\":2}\n");
        Assert.Equal(2, RunLogCheck.LogWriteFailuresOf(dir));
        Directory.Delete(dir, recursive: true);
    }
}
