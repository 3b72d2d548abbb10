using System.Net;
using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Logging;
using Serilog.Events;

namespace Lab.Gateway.Hosting;

/// <summary>Everything <c>gateway serve</c> can set; validated by the CLI, used by <see cref="GatewayHost"/>.</summary>
public sealed record GatewayOptions
{
    public IPAddress Bind { get; init; } = IPAddress.Loopback;
    public int FramesPort { get; init; } = 20001;

    /// <summary>Null disables the HTTP lab endpoint.</summary>
    public int? HttpPort { get; init; } = 20080;

    public int Packet { get; init; } = 4;
    public int MaxPacket { get; init; } = 65536;
    public RejectPolicy Policy { get; init; } = RejectPolicy.Fin;

    /// <summary>Null is off.</summary>
    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Null is off.</summary>
    public TimeSpan? FrameTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>0 is unlimited.</summary>
    public int MaxConnections { get; init; }

    /// <summary>What the frame listener does at <see cref="MaxConnections"/>.</summary>
    public AtCapMode AtCap { get; init; } = AtCapMode.Refuse;

    /// <summary>listen() backlog of both listeners. Kestrel's default, 512, overflowed under a burst of
    /// 1,000 concurrent connects (the bench's connect-burst row); 4096 is OTP's choice there and
    /// this kernel's net.core.somaxconn, which caps it anyway.</summary>
    public int Backlog { get; init; } = DefaultBacklog;

    public const int DefaultBacklog = 4096;

    /// <summary>Run connection code on Kestrel's I/O threads instead of dispatching it to the thread
    /// pool (SocketTransportOptions.UnsafePreferInlineScheduling). Safe here because nothing on a
    /// connection's path blocks: log events are handed to a background writer.</summary>
    public bool InlineIo { get; init; } = true;

    /// <summary>TCP keepalive for frame connections; null is off.</summary>
    public KeepAliveOptions? KeepAlive { get; init; }

    /// <summary>Descriptors held back for the runtime and the logs, released when the process runs out
    /// (<see cref="DescriptorGuard"/>).</summary>
    public int DescriptorReserve { get; init; } = DescriptorGuard.DefaultReserve;

    /// <summary>The gateway is the whole process (<c>gateway serve</c>), not embedded in tests or the browser
    /// lab: it may start and keep thread-pool workers, and freeze the pool's growth while descriptors are
    /// short (<see cref="ThreadPoolGrowth"/>); an embedded gateway leaves its host's pool alone.</summary>
    public bool OwnsProcess { get; init; }

    public required string LogsDirectory { get; init; }

    /// <summary>Per-connection files and rolling (<c>--conn-files</c>, <c>--log-max-size</c>, <c>--log-retain</c>).</summary>
    public LogFileOptions LogFiles { get; init; } = new();
    public LogEventLevel LogLevel { get; init; } = LogEventLevel.Information;
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public static string DefaultLogsDirectory() => Path.Combine("logs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
}
