using System.Net;
using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Logging;
using Serilog.Events;

namespace Lab.Gateway.Hosting;

/// <summary>Everything <c>gateway serve</c> can set, and the one source of its defaults: the CLI's defaults
/// are read from <see cref="Defaults"/>, and every gateway — the CLI's, BrowserLab's embedded one, the
/// tests' — is checked by <see cref="Problems"/> before it starts (<see cref="GatewayHost.StartAsync"/>).</summary>
internal sealed record GatewayOptions
{
    public const int MaxPacketLimit = 64 * 1024 * 1024;

    /// <summary>Every default, as <c>gateway serve</c> with no option would run (its logs directory aside).</summary>
    public static GatewayOptions Defaults { get; } = new() { LogsDirectory = "" };

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

    /// <summary>How long an echo may wait for the peer to read before the connection is reset; null is never.</summary>
    public TimeSpan? SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes queued for one connection before the gateway stops reading it (Kestrel's
    /// MaxResponseBufferSize default, 64 KiB).</summary>
    public int MaxPendingOutput { get; init; } = 64 * 1024;

    public const int MaxPendingOutputLimit = 64 * 1024 * 1024;

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

    /// <summary>With <see cref="InlineIo"/>: while no more connections than this are open, a frame connection's code
    /// goes on on the gateway's spinning hop thread after each read but its first (<see cref="Connections.SchedulingByLoad"/>);
    /// 0 keeps it inline and starts no such thread.</summary>
    public int HopUpTo { get; init; } = Environment.ProcessorCount;

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

    /// <summary>Add this run to a directory that already holds one (<c>--append</c>); without it such a directory is refused.</summary>
    public bool Append { get; init; }

    /// <summary>Per-connection files and rolling (<c>--conn-files</c>, <c>--log-max-size</c>, <c>--log-retain</c>).</summary>
    public LogFileOptions LogFiles { get; init; } = new();
    public LogEventLevel LogLevel { get; init; } = LogEventLevel.Information;
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public OutputLimits OutputLimits => new(MaxPendingOutput, SendTimeout);

    public static string DefaultLogsDirectory() => RunDirectory.DefaultPath();

    /// <summary>What is wrong with these options, one line each, named as <c>gateway serve</c>'s options are
    /// (the CLI prints the first as a usage error); empty when they can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (FramesPort is < 0 or > 65535)
            problems.Add($"--frames-port: {FramesPort} is not a TCP port (0-65535)");
        if (HttpPort is < 0 or > 65535)
            problems.Add($"--http-port: {HttpPort} is not a TCP port (0-65535)");
        if (Packet is not (1 or 2 or 4))
            problems.Add($"--packet: {Packet} is not a gen_tcp header width; use 1, 2 or 4");
        if (MaxPacket is < 1 or > MaxPacketLimit)
            problems.Add($"--max-packet: {MaxPacket} is out of range; use 1 to {MaxPacketLimit} bytes");
        if (Backlog is < 1 or > 65535)
            problems.Add($"--backlog: {Backlog} is out of range; use 1 to 65535");
        if (MaxConnections < 0)
            problems.Add($"--max-connections: {MaxConnections} is negative; use 0 for unlimited");
        if (LogFiles.Rolling.Retain < 0)
            problems.Add($"--log-retain: {LogFiles.Rolling.Retain} is negative; use 0 to keep every file");
        if (IdleTimeout is { } idle && idle <= TimeSpan.Zero)
            problems.Add($"--idle-timeout: {idle} is not positive; off (null) disables it");
        if (FrameTimeout is { } frame && frame <= TimeSpan.Zero)
            problems.Add($"--frame-timeout: {frame} is not positive; off (null) disables it");
        if (SendTimeout is { } send && send <= TimeSpan.Zero)
            problems.Add($"--send-timeout: {send} is not positive; off (null) disables it");
        if (MaxPendingOutput is < 1 or > MaxPendingOutputLimit)
            problems.Add($"--max-pending-output: {MaxPendingOutput} is out of range; use 1 to {MaxPendingOutputLimit} bytes");
        if (ShutdownTimeout < TimeSpan.Zero)
            problems.Add($"--shutdown-timeout: {ShutdownTimeout} is negative");
        if (DescriptorReserve < 0)
            problems.Add($"descriptor reserve: {DescriptorReserve} is negative");
        if (string.IsNullOrWhiteSpace(LogsDirectory))
            problems.Add("--logs: a run directory is required");
        return problems;
    }
}
