using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Lab.Framing;
using Lab.Gateway.Tests.Support;
using Lab.Probes.Frames;
using Lab.Testing;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>At its descriptor limit (<c>ulimit -n</c>, lowered with prlimit so that a few hundred clients
/// reach it) the gateway stays up and idle, serves what it holds, says so once, takes queued clients
/// as descriptors free up, and stops cleanly with both lines for every connection.</summary>
public class DescriptorLimitTests
{
    /// <summary>The soft limit is set this far above what the gateway holds once it listens (~210 here, its
    /// reserve included): room for about 90 connections after its headroom.</summary>
    private const int RoomAboveStart = 100;
    private static readonly byte[] Echo = PacketWriter.Encode("at the limit"u8, 4);

    [Fact]
    public async Task AtTheDescriptorLimitTheGatewayPausesKeepsServingRecoversAndStopsCleanly()
    {
        var (gateway, logs, port, limit) = await StartAsync("descriptor-limit", RoomAboveStart);
        using var _ = gateway;

        // More clients than the limit allows: the kernel completes every handshake (backlog 4096), the
        // gateway accepts what fits and the rest wait in its listen queue.
        var clients = await ConnectAsync(port, 300);
        var accepted = await WaitForAcceptedAsync(logs, n => n > 0, "any accepted");
        // Let it settle at the limit: read until the count has not moved for a second (at most 15 s).
        for (var (deadline, stableSince) = (DateTime.UtcNow.AddSeconds(15), DateTime.UtcNow); DateTime.UtcNow - stableSince < TimeSpan.FromSeconds(1) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(200);
            var latest = Accepted(logs);
            if (latest.Count != accepted.Count)
                (accepted, stableSince) = (latest, DateTime.UtcNow);
        }
        Assert.InRange(accepted.Count, 31, clients.Count - 1); // 31: ten echo, one bogus GET, twenty close

        var cpuBefore = ProcessCpu.Seconds(gateway.Process.Id)!.Value;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var cpuAtLimit = ProcessCpu.Seconds(gateway.Process.Id)!.Value - cpuBefore;
        Assert.False(gateway.Process.HasExited, $"the gateway died at the limit; stderr: {gateway.Stderr}; logs in {logs}");
        Assert.True(cpuAtLimit < 0.3, $"{cpuAtLimit:0.00} s of CPU in 3 s at the limit: accept is spinning; logs in {logs}");

        foreach (var held in accepted.Take(10))
            await AssertEchoesAsync(clients[held]);
        // A held connection that sends the seed's "GET " gets its head_error and FIN as ever.
        var bogus = clients[accepted[10]];
        await bogus.SendAsync(BadHeads.BogusGet);
        var (_, ending) = await bogus.ReadToEndAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(System.Net.Sockets.SocketError.Success, ending);

        var failing = Assert.Single(Lines(logs, "accept_failing"));
        Assert.Contains("errno=EMFILE", failing);
        Assert.Contains($"limit={limit} ", failing);

        // Ending held connections frees descriptors: queued clients are accepted and served.
        var ended = accepted.Skip(11).Take(20).ToList();
        foreach (var p in ended)
        {
            clients[p].Dispose();
            clients.Remove(p);
        }
        var clock = Stopwatch.StartNew();
        var now = await WaitForAcceptedAsync(logs, n => n > accepted.Count, "a queued client accepted");
        var newcomers = now.Except(accepted).ToList();
        foreach (var queued in newcomers.Take(10))
            await AssertEchoesAsync(clients[queued]);
        Assert.Single(Lines(logs, "accept_failing")); // still the same episode: queued clients remain
        Console.WriteLine($"limit {limit}: {accepted.Count} held, cpu {cpuAtLimit:0.000} s in 3 s, first queued client accepted {clock.ElapsedMilliseconds} ms after 20 closed");

        // SIGTERM while still at the limit: exit 0 within the deadline, both lines for every connection.
        var stopping = Stopwatch.StartNew();
        gateway.Signal(GatewayProcess.SigTerm);
        var code = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.True(code == 0, $"exit {code}; stderr: {gateway.Stderr}; logs in {logs}");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5 + 1), $"took {stopping.Elapsed.TotalSeconds:0.0} s; the deadline is 5 s");
        Assert.Equal(["listening"], gateway.StdoutLines.Select(l => l.Split(' ')[0]));
        var run = RunLogs.Read(logs);
        var inits = run.Named("init_ok").Select(e => e.GetProperty("portId").GetInt64()).Order().ToList();
        Assert.True(inits.Count >= accepted.Count + newcomers.Count);
        Assert.Equal(inits, run.Named("do_terminate").Select(e => e.GetProperty("portId").GetInt64()).Order());
        Assert.Equal("head_error", run.ForClient("do_terminate", bogus.LocalPort).GetProperty("reason").GetString());
        var totals = Assert.Single(run.Named("totals"));
        Assert.Equal(inits.Count, totals.GetProperty("accepted").GetInt64());
        Assert.True(totals.GetProperty("atLimitPauses").GetInt64() >= 2, "paused at the limit, then again after the queued clients filled it");
        Assert.Equal(1, totals.GetProperty("atLimitEpisodes").GetInt64());
        Assert.Equal(0, totals.GetProperty("logWriteFailures").GetInt64());
        foreach (var c in clients.Values)
            c.Dispose();
    }

    [Fact]
    public async Task OnceTheQueueIsServedTheGatewaySaysItRecoveredOnce()
    {
        var (gateway, logs, port, limit) = await StartAsync("descriptor-recovery", RoomAboveStart);
        using var _ = gateway;
        var clients = await ConnectAsync(port, 120);
        await WaitForAcceptedAsync(logs, _ => Lines(logs, "accept_failing").Count == 1, "accept_failing");
        var held = Accepted(logs);
        var queued = clients.Keys.Except(held).ToList();
        Assert.NotEmpty(queued);

        // Close held connections until the whole queue has been taken: accepting then runs freely again.
        var closed = new HashSet<int>();
        while (!queued.All(Accepted(logs).Contains))
        {
            var holding = Accepted(logs).Where(p => !closed.Contains(p)).ToList();
            Assert.NotEmpty(holding);
            foreach (var p in holding)
            {
                clients[p].Dispose();
                closed.Add(p);
            }
            await WaitForAcceptedAsync(logs, n => n > closed.Count || queued.All(Accepted(logs).Contains), "queued clients accepted");
        }
        await WaitForAcceptedAsync(logs, _ => Lines(logs, "accept_recovered").Count == 1, "accept_recovered", TimeSpan.FromSeconds(10));
        var recovered = Assert.Single(Lines(logs, "accept_recovered"));
        Assert.Matches($@"atLimitMs=\d+ pauses=[1-9]\d* limit={limit} ", recovered);
        foreach (var p in queued.Where(p => !closed.Contains(p)).Take(10))
            await AssertEchoesAsync(clients[p]);

        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Single(Lines(logs, "accept_failing"));
        foreach (var c in clients.Values)
            c.Dispose();
    }

    [Fact]
    public async Task ServeLogsTheLimitAndWarnsOnlyWhenMaxConnectionsIsAboveWhatItAllows()
    {
        var logs = TestGateway.ArtifactDirectory("descriptor-warning");
        using (var over = GatewayProcess.StartUnderDescriptorLimit(512, "serve", "--frames-port", "0", "--http-port", "off",
                   "--max-connections", "1000", "--logs", logs))
        {
            await over.WaitForListeningAsync();
            over.Signal(GatewayProcess.SigTerm);
            Assert.Equal(0, await over.WaitForExitAsync(TimeSpan.FromSeconds(15)));
            Assert.Equal(["listening"], over.StdoutLines.Select(l => l.Split(' ')[0]));
            var warning = Assert.Single(over.Stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
            Assert.Contains("--max-connections 1000 is more than the descriptor limit allows: ulimit -n is 512", warning);
            var line = Assert.Single(Lines(logs, "descriptors"));
            var inUse = int.Parse(Regex.Match(line, @"inUse=(\d+)").Groups[1].Value);
            Assert.InRange(inUse, 3, 511); // stdin, stdout, stderr at least; the runtime's own in practice
            Assert.Contains("limit=512 ", line);
            Assert.Contains($"reserve=32 headroom=8 capacity={512 - inUse - 32 - 8}", line);
        }

        using var under = GatewayProcess.StartUnderDescriptorLimit(512, "serve", "--frames-port", "0", "--http-port", "off",
            "--max-connections", "100", "--logs", logs + "-under");
        await under.WaitForListeningAsync();
        under.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await under.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain("warning:", under.Stderr);
    }

    [Fact]
    public async Task IdleTimeoutsStillFireAtTheLimitAndMakeRoomForTheQueue()
    {
        var (gateway, logs, port, _) = await StartAsync("descriptor-timeouts", RoomAboveStart, idleTimeout: "2s");
        using var _ = gateway;
        var clients = await ConnectAsync(port, 150); // more than fit: the rest are taken as the held ones time out

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (ReadText(logs).Split('\n').Count(l => l.Contains("] do_terminate ", StringComparison.Ordinal)) < clients.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not every client timed out within 30 s; logs in {logs}");
            await Task.Delay(200);
        }
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        var run = RunLogs.Read(logs);
        Assert.Equal(clients.Count, run.Named("do_terminate").Count());
        Assert.All(run.Named("do_terminate"), e => Assert.Equal("idle_timeout", e.GetProperty("reason").GetString()));
        Assert.Single(run.Named("accept_failing"));
        foreach (var c in clients.Values)
            c.Dispose();
    }

    [Fact]
    public async Task LogWritesThatFindNoDescriptorAreCountedWhileTheOpenLogsKeepWriting()
    {
        // Per-connection files: each one's append opens a descriptor, which is what runs out here.
        var (gateway, logs, port, _) = await StartAsync("descriptor-logwrites", null, connFiles: true);
        using var _ = gateway;
        var clients = (await ConnectAsync(port, 60)).Values.ToList();
        await WaitForAcceptedAsync(logs, n => n == 60, "all 60 accepted");

        // The limit lowered to half of what the process holds: the kernel refuses any descriptor numbered at
        // or above the soft limit, so nothing closed (the reserve included, opened after the runtime's own
        // ~160) frees a number a file could get; gateway.log is already open.
        gateway.SetDescriptorLimit(gateway.OpenDescriptors() / 2);
        await WaitForLineAsync(logs, "descriptors_short", "state=begin"); // noticed within a second: the pool may not grow
        foreach (var c in clients.Skip(30))
            c.Dispose();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!gateway.Stderr.Contains("log writes are failing") && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Contains("log writes are failing", gateway.Stderr);
        Assert.False(gateway.Process.HasExited, $"stderr: {gateway.Stderr}");

        gateway.SetDescriptorLimit(4096); // room again (soft limit only), so that SIGTERM's handler thread can start
        await WaitForLineAsync(logs, "descriptors_short", "state=end");
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        var failed = int.Parse(Regex.Match(gateway.Stderr, @"warning: (\d+) log write\(s\) failed").Groups[1].Value);
        var run = RunLogs.Read(logs);
        Assert.Equal(60, run.Named("do_terminate").Count()); // the held logs kept every line
        var missing = run.Named("init_ok").Count(e => !File.Exists(Path.Combine(logs, "conn", $"{e.GetProperty("portId").GetInt64()}.log")));
        Assert.InRange(missing, 1, 30);
        Assert.Equal(missing, failed); // one failed append per connection file that is missing
        Assert.Equal(failed, Assert.Single(run.Named("totals")).GetProperty("logWriteFailures").GetInt64());
        foreach (var c in clients)
            c.Dispose();
    }

    /// <summary>A gateway process without timeouts (held connections stay held); once it listens, its soft
    /// limit is lowered to what it holds plus <paramref name="room"/>, as a user would with prlimit.</summary>
    private static async Task<(GatewayProcess Gateway, string Logs, int Port, int Limit)> StartAsync(string name, int? room, string idleTimeout = "off",
        bool connFiles = false)
    {
        var logs = TestGateway.ArtifactDirectory(name);
        var gateway = GatewayProcess.Start(["serve", "--frames-port", "0", "--http-port", "off",
            "--idle-timeout", idleTimeout, "--frame-timeout", "off", "--logs", logs, .. connFiles ? ["--conn-files"] : Array.Empty<string>()]);
        var port = await gateway.WaitForFramesPortAsync();
        var limit = room is { } r ? gateway.OpenDescriptors() + r : 0;
        if (limit > 0)
            gateway.SetDescriptorLimit(limit);
        return (gateway, logs, port, limit);
    }

    /// <summary>Clients by their local port, connected one after another (so accepted in that order).</summary>
    private static async Task<Dictionary<int, RawClient>> ConnectAsync(int port, int count)
    {
        var clients = new Dictionary<int, RawClient>();
        for (var i = 0; i < count; i++)
        {
            var c = await RawClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            clients[c.LocalPort] = c;
        }
        return clients;
    }

    private static async Task AssertEchoesAsync(RawClient client)
    {
        await client.SendAsync(Echo);
        var (bytes, ending) = await client.ReadUntilAsync(Echo.Length, TimeSpan.FromSeconds(5));
        Assert.True(bytes.AsSpan().SequenceEqual(Echo), $"no echo from {client.LocalPort}: {bytes.Length} bytes, {ending}");
    }

    /// <summary>Client ports the gateway has logged <c>init ok</c> for (gateway.log is flushed every 500 ms).</summary>
    private static List<int> Accepted(string logs) =>
        Regex.Matches(ReadText(logs), @"init ok #Port<0\.\d+> peer=127\.0\.0\.1:(\d+)").Select(m => int.Parse(m.Groups[1].Value)).ToList();

    private static List<string> Lines(string logs, string eventName) =>
        ReadText(logs).Split('\n').Where(l => l.Contains($"] {eventName} ", StringComparison.Ordinal)).ToList();

    private static string ReadText(string logs)
    {
        var path = Path.Combine(logs, "gateway.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static async Task WaitForLineAsync(string logs, string eventName, string containing)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Lines(logs, eventName).Any(l => l.Contains(containing, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no {eventName} line with {containing}; logs in {logs}");
            await Task.Delay(100);
        }
    }

    private static async Task<List<int>> WaitForAcceptedAsync(string logs, Func<int, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var accepted = Accepted(logs);
            if (done(accepted.Count))
                return accepted;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited for {what}; {accepted.Count} accepted; logs in {logs}");
            await Task.Delay(100);
        }
    }
}
