using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Lab.Bench;
using Lab.Probes.Frames;
using Lab.TestSupport;

namespace Lab.Bench.Tests;

/// <summary>bench/Native/labload against the real gateway and OTP 25's escript on 127.0.0.1, in short
/// runs: the shape of what it reports, never a speed.</summary>
public sealed class NativeLoadTests : IDisposable
{
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(1);
    private readonly BenchPaths _paths = BenchPaths.Discover();
    private readonly NativeLoad _load;
    private readonly string _scratch = Directory.CreateTempSubdirectory("lab-native-load-").FullName;

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public NativeLoadTests(Xunit.Abstractions.ITestOutputHelper output) => (_load, _output) = (new NativeLoad(_paths), output);

    public static TheoryData<ServerKind> Servers => [ServerKind.Gateway, ServerKind.Otp];

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task EchoChecksEveryPayloadAndReportsLatency(ServerKind kind)
    {
        // 20 connections with one frame in flight each; any echoed byte that differs would be an error. No warm-up,
        // so labload's window is the gateway's whole run and every echo is counted on both sides.
        NativeLoadResult r;
        await using (var server = await ServerProcess.StartAsync(kind, _paths, _scratch))
        {
            r = await _load.RunAsync(server.Port, FramesMode.Echo, 20, Measured, TimeSpan.Zero);
            await server.StopAsync();
        }
        // Checked against the gateway's own log, both ways: every echo labload counted is a frame the gateway logged,
        // and the gateway logged no more than those plus the one frame per connection still in flight when labload
        // stopped (echoed, perhaps, but never read back).
        if (kind == ServerKind.Gateway)
        {
            _output.WriteLine($"the gateway logged {GatewayFrames()} frames, labload counted {r.Operations} echoes");
            Assert.InRange(GatewayFrames(), r.Operations, r.Operations + 20);
        }

        AssertEnvelope(r, "echo", 20);
        Assert.Equal(64, r.Size);
        Assert.True(r.P50Us > 0 && r.P50Us <= r.P90Us && r.P90Us <= r.P99Us && r.P99Us <= r.MaxUs, $"{r.P50Us} {r.P90Us} {r.P99Us} {r.MaxUs}");
        Assert.Null(r.Established);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task RejectCyclesEndWithTheServersClose(ServerKind kind)
    {
        // The gateway's default policy (fin) and OTP's emsgsize both close after "GET " as a length.
        double? before, after;
        NativeLoadResult r;
        await using (var server = await ServerProcess.StartAsync(kind, _paths, _scratch))
        {
            before = ProcessCpu.Seconds(server.Pid);
            r = await _load.RunAsync(server.Port, FramesMode.Reject, 10, Measured, Warmup, serverPid: server.Pid);
            after = ProcessCpu.Seconds(server.Pid);
            await server.StopAsync();
        }
        // Checked against the gateway's own log: every cycle labload counted is a head_error the gateway wrote.
        if (kind == ServerKind.Gateway)
            Assert.InRange(RunLogCheck.Of(GatewayLogs()).Ends, r.Operations, long.MaxValue);

        AssertEnvelope(r, "reject", 10);
        // The server's CPU in the window, read by labload from /proc: some, and no more than the whole run's
        // as read here (one clock tick of slack).
        Assert.InRange(r.ServerCpuS!.Value, 0.01, after!.Value - before!.Value + 0.011);
        Assert.Equal(r.Operations, r.ClosedWithFin + r.ClosedWithRst);
        Assert.True(r.P50Us > 0 && r.P99Us <= r.MaxUs);
        Assert.Null(r.Size);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task HoldKeepsEveryConnectionOpen(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, _paths, _scratch);
        var r = await _load.RunAsync(server.Port, FramesMode.Hold, 300, Measured, Warmup);

        AssertEnvelope(r, "hold", 300);
        Assert.Equal(300, r.Established);
        Assert.Equal(0, r.ClosedByServer);
        Assert.Equal(300, r.Alive);
        Assert.True(r.ConnectSeconds > 0);
        Assert.Null(r.P50Us);
    }

    [Theory]
    [InlineData(ServerKind.Gateway)]
    [InlineData(ServerKind.Kestrel)]
    public async Task SignalledServerCountsItsOwnAllocationInsideTheWindow(ServerKind kind)
    {
        // labload signals where its window opens and closes; the server answers each signal with its own totals.
        // The test samples the server itself just before labload starts and after it ends: the window's two
        // lines must lie between those, in order, or they were not this run's edges.
        await using var server = await ServerProcess.StartAsync(kind, _paths, _scratch);
        var before = await server.SampleRuntimeAsync(); // the first report's one-time costs (its JIT, the first write) fall after it
        // What one report costs inside the server, idle between two: the signal's dispatch, nothing per line. The least of
        // three, since the idle server's own timers (log flushes, the heartbeat) allocate now and then beside it.
        var least = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var next = await server.SampleRuntimeAsync();
            least = Math.Min(least, next.Since(before).AllocatedBytes);
            before = next;
        }
        _output.WriteLine($"{kind}: one report allocated {least} B (the least of three)");
        Assert.InRange(least, 0, 1024);
        var r = await _load.RunAsync(server.Port, FramesMode.Echo, 20, Measured, Warmup, serverPid: server.Pid, signalServer: true);
        var opened = await server.NextRuntimeSampleAsync();
        var closed = await server.NextRuntimeSampleAsync();
        var after = await server.SampleRuntimeAsync();

        AssertEnvelope(r, "echo", 20);
        Assert.Equal(2, r.ServerSignals);
        Assert.True(before.AllocatedBytes < opened.AllocatedBytes, $"warm-up (20 connections set up) allocated nothing: {before} → {opened}");
        Assert.True(opened.AllocatedBytes <= closed.AllocatedBytes && closed.AllocatedBytes <= after.AllocatedBytes, $"{before} {opened} {closed} {after}");
        Assert.True(before.Gen0 <= opened.Gen0 && opened.Gen0 <= closed.Gen0 && closed.Gen0 <= after.Gen0);
    }

    [Fact]
    public async Task SignalServerWithoutAPidIsOneLine()
    {
        var run = await _load.RunRawAsync(["echo", "--port", "9", "--signal-server"], TimeSpan.FromSeconds(5));

        run.AssertUsageError("--signal-server needs --server-pid");
    }

    [Fact]
    public async Task EchoCountsAPayloadThatCameBackChanged()
    {
        // A peer that flips the last byte of every third echo: the check must see each one.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var peer = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var head = new byte[4];
            try
            {
                for (var n = 1; ; n++)
                {
                    await socket.ReceiveExactlyAsync(head, CancellationToken.None);
                    var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(head)];
                    await socket.ReceiveExactlyAsync(payload, CancellationToken.None);
                    if (n % 3 == 0)
                        payload[^1] ^= 0xFF;
                    await socket.SendAsync(head.Concat(payload).ToArray());
                }
            }
            catch (Exception e) when (e is SocketException or EndOfStreamException) { }
        });
        // Two seconds: a fresh clone's busy run once got fewer than three echoes through in half a second, so no
        // third one to flip.
        var r = await _load.RunAsync(((IPEndPoint)listener.LocalEndpoint).Port, FramesMode.Echo, 1, TimeSpan.FromSeconds(2), TimeSpan.Zero);
        await peer;
        Assert.True(r.Operations >= 6, $"only {r.Operations} echoes in 2 s: too few to judge");

        var corrupted = Assert.Single(r.Errors);
        Assert.Equal("corrupted", corrupted.Key);
        Assert.InRange(corrupted.Value, (r.Operations / 2) - 2, (r.Operations / 2) + 2); // two good echoes for each bad one
    }

    [Fact]
    public async Task CancellingStopsEarlyAndStillReports()
    {
        // Cancellation is SIGINT: a 60 s hold ends at once with its JSON line. The signal comes once ss shows the ten
        // connections established (labload built and running, its handler installed), not at a fixed time: on a loaded
        // machine a fixed 800 ms once could reach gcc or a labload still connecting.
        await using var server = await ServerProcess.StartAsync(ServerKind.Otp, _paths, _scratch);
        await _load.EnsureBuiltAsync();
        using var cancel = new CancellationTokenSource();
        var holding = _load.RunAsync(server.Port, FramesMode.Hold, 10, TimeSpan.FromSeconds(60), TimeSpan.Zero, cancellationToken: cancel.Token);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); EstablishedClients.To(server.Port) < 10 && DateTime.UtcNow < deadline && !holding.IsCompleted;)
            await Task.Delay(20);
        cancel.Cancel();
        var r = await holding;

        Assert.True(r.Interrupted);
        Assert.Equal(10, r.Alive);
        Assert.InRange(r.Seconds, 0, 5);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("::1")]
    public async Task NonLoopbackHostIsRefusedWithOneLine(string host)
    {
        var run = await _load.RunRawAsync(["echo", "--port", "9", "--host", host], TimeSpan.FromSeconds(5));

        run.AssertUsageError("127.0.0.0/8");
    }

    [Fact]
    public async Task UnknownOptionPrintsUsage()
    {
        var run = await _load.RunRawAsync(["echo", "--port", "9", "--bogus"], TimeSpan.FromSeconds(5));

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("unrecognized option '--bogus'", run.StderrLines[0]);
        Assert.StartsWith("usage: labload echo|reject|hold --port P", run.StderrLines[1]);
    }

    [Theory]
    [InlineData("a mode is required", "--port", "9")]
    [InlineData("unknown mode 'flood'", "flood", "--port", "9")]
    [InlineData("--port is required", "echo")]
    public async Task MissingModeOrPortPrintsUsage(string error, params string[] args)
    {
        var run = await _load.RunRawAsync(args, TimeSpan.FromSeconds(5));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {error}", run.StderrLines[0]);
        Assert.StartsWith("usage: labload", run.StderrLines[1]);
    }

    [Theory]
    [InlineData("--connections", "20001")]
    [InlineData("--connections", "ten")]
    [InlineData("--duration", "601")]
    [InlineData("--duration", "0")]
    [InlineData("--size", "0")]
    public async Task ValueOutOfBoundsIsOneLine(string option, string value)
    {
        var run = await _load.RunRawAsync(["echo", "--port", "9", option, value], TimeSpan.FromSeconds(5));

        run.AssertUsageError(option);
    }

    /// <summary>The one gateway run directory this test made under its scratch folder.</summary>
    private string GatewayLogs() => Assert.Single(Directory.GetDirectories(_scratch, "gateway-*"));

    private long GatewayFrames() =>
        File.ReadLines(Path.Combine(GatewayLogs(), "gateway.clef")).Where(l => l.Contains("\"Name\":\"do_terminate\"", StringComparison.Ordinal))
            .Sum(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("frames").GetInt64());

    private static void AssertEnvelope(NativeLoadResult r, string mode, int connections)
    {
        Assert.Equal(mode, r.Mode);
        Assert.Equal(connections, r.Connections);
        Assert.StartsWith("127.0.0.1:", r.Target);
        Assert.Empty(r.Errors);
        Assert.False(r.Interrupted);
        Assert.True(r.Operations > 0);
        Assert.True(r.PerSecond > 0);
        Assert.True(r.Seconds > 0);
        Assert.True(r.CpuUserS >= 0 && r.CpuSysS >= 0);
        if (mode is "echo" or "reject")
            Assert.True(r.CpuUserS + r.CpuSysS > 0, "a generator that drove the server for a second used no CPU"); // a window read at the wrong time would say 0
        Assert.NotEmpty(r.Counted);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A gateway still flushing its logs: the temporary folder is left to the OS.
        }
    }
}
