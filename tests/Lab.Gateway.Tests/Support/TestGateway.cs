using System.Net;
using System.Runtime.CompilerServices;
using Lab.Gateway.Connections;
using Lab.Gateway.Hosting;
using Lab.Gateway.Logging;
using Serilog.Events;

namespace Lab.Gateway.Tests.Support;

/// <summary>An in-process gateway on ephemeral loopback ports, logging into a folder named after the test.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(GatewayHost host) => Host = host;

    public GatewayHost Host { get; }
    public IPEndPoint Frames => Host.FramesEndPoint;
    public IPEndPoint Http => Host.HttpEndPoint!;
    public string LogsDirectory => Host.LogsDirectory;

    public static async Task<TestGateway> StartAsync(
        RejectPolicy policy = RejectPolicy.Fin, TimeSpan? idleTimeout = null, TimeSpan? frameTimeout = null,
        int maxConnections = 0, int packet = 4, int maxPacket = 65536, bool noTimeouts = false,
        AtCapMode atCap = AtCapMode.Refuse, int backlog = GatewayOptions.DefaultBacklog, KeepAliveOptions? keepAlive = null,
        bool connectionFiles = false, LogRolling? rolling = null, LogEventLevel logLevel = LogEventLevel.Information,
        TimeSpan? sendTimeout = null, int? maxPendingOutput = null, TimeSpan? shutdownTimeout = null,
        [CallerMemberName] string test = "")
    {
        var options = new GatewayOptions
        {
            FramesPort = 0,
            HttpPort = 0,
            Policy = policy,
            Packet = packet,
            MaxPacket = maxPacket,
            IdleTimeout = noTimeouts ? null : idleTimeout ?? TimeSpan.FromSeconds(30),
            FrameTimeout = noTimeouts ? null : frameTimeout ?? TimeSpan.FromSeconds(10),
            SendTimeout = noTimeouts ? null : sendTimeout ?? GatewayOptions.Defaults.SendTimeout,
            MaxPendingOutput = maxPendingOutput ?? GatewayOptions.Defaults.MaxPendingOutput,
            ShutdownTimeout = shutdownTimeout ?? GatewayOptions.Defaults.ShutdownTimeout,
            MaxConnections = maxConnections,
            AtCap = atCap,
            Backlog = backlog,
            KeepAlive = keepAlive,
            LogsDirectory = ArtifactDirectory(test),
            LogFiles = new LogFileOptions { ConnectionFiles = connectionFiles, Rolling = rolling ?? LogRolling.Default },
            LogLevel = logLevel,
        };
        return new TestGateway(await GatewayHost.StartAsync(options));
    }

    public static string ArtifactDirectory(string test) =>
        Path.Combine(Path.GetTempPath(), "lab-tests", $"{test}-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");

    /// <summary>Waits until the gateway has registered at least <paramref name="count"/> live connections.</summary>
    public async Task WaitForLiveConnectionsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Host.LiveConnections < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Host.LiveConnections} live connection(s), waiting for {count}; logs in {LogsDirectory}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the gateway has finished with every connection (do_terminate written).</summary>
    public async Task WaitForNoConnectionsAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Host.LiveConnections > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Host.LiveConnections} connection(s) still live; logs in {LogsDirectory}");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops the gateway (flushing every log) and reads what it wrote.</summary>
    public async Task<RunLogs> StopAndReadLogsAsync()
    {
        await Host.StopAsync();
        return RunLogs.Read(LogsDirectory);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
