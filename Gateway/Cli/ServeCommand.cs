using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Lab.Common.Cli;
using Lab.Common.Diagnostics;
using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Hosting;
using Lab.Gateway.Logging;
using Serilog.Events;

namespace Lab.Gateway.Cli;

/// <summary><c>gateway serve</c>: validates its options, starts <see cref="GatewayHost"/>, prints the
/// listening line and runs until SIGTERM or Ctrl+C.</summary>
internal static class ServeCommand
{
    // Every default comes from the options type, which BrowserLab's embedded gateway and the tests use too.
    private static readonly GatewayOptions Defaults = GatewayOptions.Defaults;

    private static readonly Option<string> Bind = new("--bind")
    { Description = "Address to listen on. Loopback by default; anything else prints a warning.", DefaultValueFactory = _ => Defaults.Bind.ToString() };
    private static readonly Option<int> FramesPort = new("--frames-port")
    { Description = "Port of the framed (binary) listener; 0 = ephemeral.", DefaultValueFactory = _ => Defaults.FramesPort };
    private static readonly Option<string> HttpPort = new("--http-port")
    { Description = "Port of the HTTP lab endpoint; 0 = ephemeral; 'off' disables it.", DefaultValueFactory = _ => Defaults.HttpPort?.ToString(CultureInfo.InvariantCulture) ?? "off" };
    private static readonly Option<int> Packet = new("--packet")
    { Description = "Header width in bytes, as gen_tcp {packet,N}: 1, 2 or 4.", DefaultValueFactory = _ => Defaults.Packet, HelpName = "1|2|4" };
    private static readonly Option<long> MaxPacket = new("--max-packet")
    { Description = "Largest payload accepted (like packet_size); a longer declared length is a head_error.", DefaultValueFactory = _ => Defaults.MaxPacket };
    private static readonly Option<string> Policy = new Option<string>("--policy")
    { Description = $"What to do on head_error: {RejectPolicyNames.WithWhatEachDoes}.", DefaultValueFactory = _ => RejectPolicyNames.Of(Defaults.Policy) }
        .OneOf(RejectPolicyNames.All);
    private static readonly DurationOption IdleTimeout = new("--idle-timeout",
        "Close a connection this long after its last received byte.", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), off: "never")
    { DefaultValueFactory = _ => Duration.Format(Defaults.IdleTimeout) };
    private static readonly DurationOption FrameTimeout = new("--frame-timeout",
        "A frame whose header has arrived must be complete within this.", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), off: "no limit")
    { DefaultValueFactory = _ => Duration.Format(Defaults.FrameTimeout) };
    private static readonly DurationOption SendTimeout = new("--send-timeout",
        "An echo that cannot be written within this (the peer stopped reading) ends the connection with RST, reason send_timeout; what was queued for it is lost.", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), off: "never")
    { DefaultValueFactory = _ => Duration.Format(Defaults.SendTimeout) };
    private static readonly Option<string> MaxPendingOutput = new("--max-pending-output")
    { Description = "Bytes queued for one connection before the gateway stops reading it, until the peer reads (e.g. 64KB; 1 byte to 64MB).", DefaultValueFactory = _ => ByteSize.Format(Defaults.MaxPendingOutput) };
    private static readonly Option<int> MaxConnections = new("--max-connections")
    { Description = "Refuse (accept, log 'refused', close) beyond this many live frame connections; 0 = unlimited. Above what ulimit -n allows, serve warns on stderr.", DefaultValueFactory = _ => Defaults.MaxConnections };
    private static readonly Option<string> AtCap = new Option<string>("--at-cap")
    { Description = "At --max-connections: refuse (accept, log 'refused', close) or pause (stop accepting until a connection ends; the kernel's queues hold the rest).", DefaultValueFactory = _ => Defaults.AtCap == AtCapMode.Pause ? "pause" : "refuse" }
        .OneOf("refuse", "pause");
    private static readonly Option<int> Backlog = new("--backlog")
    { Description = "listen() backlog (1-65535; net.core.somaxconn caps it).", DefaultValueFactory = _ => Defaults.Backlog };
    private static readonly Option<string> KeepAlive = new("--keepalive")
    { Description = "TCP keepalive on frame connections as IDLE,INTERVAL,COUNT (e.g. 120s,1s,10), or off.", DefaultValueFactory = _ => Defaults.KeepAlive is { } k ? $"{Duration.Format(k.Idle)},{Duration.Format(k.Interval)},{k.Count}" : "off" };
    private static readonly Option<string?> Logs = new("--logs")
    { Description = "Run directory for gateway.log, gateway.clef and ports.log (and conn/<N>.log with --conn-files); default logs/<UTC yyyyMMdd-HHmmss> (with -<pid> added when a start in the same second took it). A directory that holds a run already is refused unless --append." };
    private static readonly Option<bool> Append = new("--append")
    { Description = "Add this run to a --logs directory that holds a gateway run already (refused without it): port ids go on from the last one logged, a line the last run left cut is ended and noted, and run_start, each run's first line, tells the runs apart." };
    private static readonly Option<bool> ConnFiles = new("--conn-files")
    { Description = "Also write one conn/<N>.log per connection (a file per connection: for experiments such as BrowserLab's, not for a gateway left running). Without it the run directory holds a fixed number of files; 'gateway conn DIR N' prints a connection's lines either way." };
    private static readonly Option<string> LogMaxSize = new("--log-max-size")
    { Description = "Roll gateway.log, gateway.clef and ports.log at this size: gateway.clef becomes gateway-000001.clef, then -000002, ... (e.g. 64MB, 1GB; at least 4KB).", DefaultValueFactory = _ => ByteSize.Format(Defaults.LogFiles.Rolling.MaxBytes) };
    private static readonly Option<int> LogRetain = new("--log-retain")
    { Description = "Files kept per log, the one being written included; the oldest rolled file is deleted beyond it (a log_retention line in gateway.log says which). 0 keeps every file.", DefaultValueFactory = _ => Defaults.LogFiles.Rolling.Retain };
    private static readonly Option<string> LogLevel = new Option<string>("--log-level")
    { Description = "info, or debug to also log every frame's length.", DefaultValueFactory = _ => Defaults.LogLevel == LogEventLevel.Debug ? "debug" : "info" }
        .OneOf("info", "debug");
    // No off: a stuck connection would block exit. 0 aborts every connection at once.
    private static readonly DurationOption ShutdownTimeout = new("--shutdown-timeout",
        "On SIGTERM/Ctrl+C, how long connections get to close before they are aborted.", TimeSpan.Zero, TimeSpan.FromDays(1))
    { DefaultValueFactory = _ => Duration.Format(Defaults.ShutdownTimeout) };

    public static Command Create()
    {
        var command = new Command("serve", "Run the framed gateway and the HTTP lab endpoint until SIGTERM or Ctrl+C.")
        {
            Bind, FramesPort, HttpPort, Packet, MaxPacket, Policy, IdleTimeout, FrameTimeout, SendTimeout, MaxPendingOutput, MaxConnections, AtCap, Backlog, KeepAlive, Logs, Append, ConnFiles, LogMaxSize, LogRetain, LogLevel, ShutdownTimeout,
        };
        command.SetAction((parse, _) => RunAsync(ToOptions(parse)));
        return command;
    }

    /// <summary>The options a command line asks for; what GatewayOptions finds wrong with them is the usage error.</summary>
    public static GatewayOptions ToOptions(ParseResult parse)
    {
        if (!IPAddress.TryParse(parse.GetValue(Bind), out var bind))
            throw new UsageException($"--bind: '{parse.GetValue(Bind)}' is not an IP address");
        var maxPacket = parse.GetValue(MaxPacket);
        if (maxPacket is < int.MinValue or > int.MaxValue)
            throw new UsageException($"--max-packet: {maxPacket} is out of range; use 1 to {GatewayOptions.MaxPacketLimit} bytes");
        var httpPort = parse.GetValue(HttpPort)!;
        var options = new GatewayOptions
        {
            Bind = bind,
            FramesPort = parse.GetValue(FramesPort),
            HttpPort = httpPort is "off" ? null
                : int.TryParse(httpPort, out var port) ? port : throw new UsageException($"--http-port: '{httpPort}' is not a port number (or 'off')"),
            Packet = parse.GetValue(Packet),
            MaxPacket = (int)maxPacket,
            Policy = RejectPolicyNames.Parse(parse.GetValue(Policy)!),
            IdleTimeout = IdleTimeout.ValueIn(parse),
            FrameTimeout = FrameTimeout.ValueIn(parse),
            SendTimeout = SendTimeout.ValueIn(parse),
            MaxPendingOutput = ParseMaxPendingOutput(parse.GetValue(MaxPendingOutput)!),
            MaxConnections = parse.GetValue(MaxConnections),
            AtCap = parse.GetValue(AtCap) is "pause" ? AtCapMode.Pause : AtCapMode.Refuse,
            Backlog = parse.GetValue(Backlog),
            KeepAlive = KeepAliveOptions.Parse(parse.GetValue(KeepAlive)!),
            LogsDirectory = parse.GetValue(Logs) ?? GatewayOptions.DefaultLogsDirectory(),
            Append = parse.GetValue(Append),
            LogFiles = new LogFileOptions
            {
                ConnectionFiles = parse.GetValue(ConnFiles),
                Rolling = new LogRolling(ByteSize.Parse(parse.GetValue(LogMaxSize)!, "--log-max-size", minimum: 4096), parse.GetValue(LogRetain)),
            },
            LogLevel = parse.GetValue(LogLevel) is "debug" ? LogEventLevel.Debug : LogEventLevel.Information,
            OwnsProcess = true,
            ShutdownTimeout = ShutdownTimeout.ValueIn(parse)!.Value,
        };
        return options.Problems() is [var first, ..] ? throw new UsageException(first) : options;
    }

    /// <summary>The host, with a run directory that cannot be written named as --logs's mistake.</summary>
    private static async Task<GatewayHost> StartAsync(GatewayOptions options)
    {
        try
        {
            return await GatewayHost.StartAsync(options);
        }
        catch (LogsDirectoryException e)
        {
            throw new UsageException($"--logs: {e.Message}");
        }
    }

    private static int ParseMaxPendingOutput(string text)
    {
        var bytes = ByteSize.Parse(text, "--max-pending-output");
        return bytes <= GatewayOptions.MaxPendingOutputLimit ? (int)bytes
            : throw new UsageException($"--max-pending-output: {text} is out of range; use 1 byte to {ByteSize.Format(GatewayOptions.MaxPendingOutputLimit)}");
    }

    private static async Task<int> RunAsync(GatewayOptions options)
    {
        var warned = 0;
        // .NET opens stderr (a dup of fd 2) on first use; at the descriptor limit that first use would
        // throw IOException from a timer and kill the process. Open it while descriptors are free.
        _ = Console.Error;
        if (!IPAddress.IsLoopback(options.Bind))
            Console.Error.WriteLine($"warning: binding {options.Bind}, not loopback: the gateway is reachable from other hosts");

        await using var host = await StartAsync(options);
        var descriptors = host.Descriptors;
        if (options.MaxConnections > descriptors.Capacity)
            Console.Error.WriteLine($"warning: --max-connections {options.MaxConnections} is more than the descriptor limit allows: " +
                                    $"ulimit -n is {descriptors.Limit}, {descriptors.InUseAtStart} in use at start, {descriptors.Reserve} kept in reserve and {DescriptorGuard.Headroom} as headroom, " +
                                    $"so at most about {descriptors.Capacity} connections; beyond that accepting pauses until one ends");

        using var failureWatch = new Timer(_ =>
        {
            // Say it once, while running, the moment logs start to be lost.
            if (host.LogWriteFailures > 0 && Interlocked.Exchange(ref warned, 1) == 0)
                Console.Error.WriteLine($"warning: log writes are failing under {host.LogsDirectory} (disk full, read-only, or out of descriptors?); still serving, failures are counted");
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        // Handlers first: a tool that sends SIGTERM as soon as it reads the listening line must get a clean stop.
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        // SIGUSR1: one "runtime allocatedBytes=… gen0=…" line, so ./lab bench measures the echo path from inside.
        using var runtimeReport = RuntimeReport.Register();
        Console.Out.WriteLine(host.ListeningLine);
        await stop.Task;

        Console.Error.WriteLine($"stopping: closing {host.LiveConnections} connection(s) with reason shutdown, flushing logs");
        await host.StopAsync();
        // Counted after the last flush, so this says what the totals line (written before it, if it could be) may not.
        if (host.LogLosses is { WriteFailures: > 0 } lost)
            Console.Error.WriteLine($"warning: {lost.WriteFailures} log write(s) failed (disk full, read-only, or out of descriptors?); the gateway kept serving, " +
                                    $"but {host.LogsDirectory} lacks {lost.LinesLost} line(s), among them the do_terminate of {lost.ConnectionsUnlogged} connection(s) in gateway.clef");
        return ExitCodes.Ok;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }
}
