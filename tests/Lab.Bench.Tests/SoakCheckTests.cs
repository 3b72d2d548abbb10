using System.Net;
using System.Net.Sockets;
using System.Text;
using Lab.Bench;
using Lab.TestSupport;

namespace Lab.Bench.Tests;

/// <summary>The soak's checker on a real gateway's run directory, without a soak: whole, it passes; with one
/// do_terminate removed (the fault a lost line would be), it says MISMATCH, names the connection, exits 1
/// and keeps the directory.</summary>
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
}
