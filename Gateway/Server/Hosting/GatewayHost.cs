using System.Net;
using Lab.Common.Cli;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Http;
using Lab.Gateway.Logging;
using Lab.Gateway.Middleware;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Lab.Gateway.Transport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Lab.Logs;

namespace Lab.Gateway.Hosting;

/// <summary>
/// The gateway as an object: the frame port's own server (<see cref="FramesServer"/>: record → accept gate →
/// keepalive → limit → framed handler), Kestrel's server with the HTTP lab endpoint, the port-id journal and the
/// run directory's logs. Used by <c>gateway serve</c>
/// and embedded by the browser lab and the tests.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    // What the servers wait past --shutdown-timeout, after the gateway has reset what was still open.
    private static readonly TimeSpan ServersWaitAfterOurs = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;
    private readonly FramesServer _frames;
    // Kestrel's server runs only for the HTTP endpoint: without one it is never started (it would bind its default address).
    private readonly bool _kestrelStarted;
    private readonly GatewayLogging _logging;
    private readonly PortJournal _journal;
    private readonly ConnectionTimeouts _timeouts;
    private readonly ConnectionRegistry _registry;
    private bool _stopped;

    private GatewayHost(GatewayOptions options, string logs, WebApplication app, FramesServer framesServer, bool kestrelStarted,
        GatewayLogging logging, PortJournal journal, ConnectionTimeouts timeouts, ConnectionRegistry registry, DescriptorGuard descriptors,
        IPEndPoint frames, IPEndPoint? http)
    {
        Options = options;
        LogsDirectory = logs;
        _app = app;
        _frames = framesServer;
        _kestrelStarted = kestrelStarted;
        _logging = logging;
        _journal = journal;
        _timeouts = timeouts;
        _registry = registry;
        Descriptors = descriptors;
        FramesEndPoint = frames;
        HttpEndPoint = http;
    }

    public GatewayOptions Options { get; }
    public string LogsDirectory { get; }
    public IPEndPoint FramesEndPoint { get; }
    public IPEndPoint? HttpEndPoint { get; }
    public int LiveConnections => _registry.Count;

    /// <summary>The descriptor limit as it stood at start, and the at-limit state.</summary>
    public DescriptorGuard Descriptors { get; }

    /// <summary>Log writes that failed (a full or read-only disk); the gateway keeps serving regardless.</summary>
    public long LogWriteFailures => _logging.WriteFailures + _journal.WriteFailures;

    /// <summary>Failed writes, the lines they lost (the three logs), and the connections gateway.clef lacks.</summary>
    public LogLosses LogLosses => new(LogWriteFailures, _logging.LinesLost + _journal.LinesLost, _logging.ConnectionsUnlogged);

    /// <summary>The line <c>gateway serve</c> prints once it listens; tools parse it.</summary>
    public string ListeningLine =>
        $"listening frames={FramesEndPoint} http={HttpEndPoint?.ToString() ?? "off"} logs={LogsDirectory}";

    /// <exception cref="UsageException">The logs directory cannot be written, holds a run already (without
    /// <see cref="GatewayOptions.Append"/>), or a port cannot be bound.</exception>
    /// <exception cref="ArgumentException">The options have a problem (<see cref="GatewayOptions.Problems"/>).</exception>
    public static async Task<GatewayHost> StartAsync(GatewayOptions options)
    {
        if (options.Problems() is [var problem, ..])
            throw new ArgumentException($"gateway options: {problem}", nameof(options));
        var run = OpenLogs(options);
        var (logs, logging, journal) = (run.Directory, run.Logging, run.Journal);
        if (options.OwnsProcess)
            ThreadPoolGrowth.Warm(4); // before the limit can be near: a thread start needs descriptors
        var registry = new ConnectionRegistry();
        var ids = new PortIdAllocator(journal, run.FirstPortId - 1);
        var timeouts = new ConnectionTimeouts(registry, options.IdleTimeout, options.FrameTimeout, options.SendTimeout);
        var gate = options is { AtCap: AtCapMode.Pause, MaxConnections: > 0 } ? new AcceptGate(options.MaxConnections) : null;
        // One instance for both: the pausing listener factory knows the frames listener by reference.
        var framesEndPoint = new IPEndPoint(options.Bind, options.FramesPort);

        // The gateway reads no appsettings file: without these, the host watches its working directory for one,
        // recursively (one inotify watch per folder below wherever `gateway serve` was started: the whole checkout
        // from the repository's root, a home directory's worth from there).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddServices(builder, options, logging, ids, registry);
        var listeners = new Listeners();
        builder.WebHost.ConfigureKestrel(kestrel => listeners.Configure(kestrel, options));
        var app = builder.Build();
        app.Run(app.Services.GetRequiredService<LabEndpoint>().HandleAsync);
        var log = app.Services.GetRequiredService<ILogger<GatewayHost>>();
        var framesServer = new FramesServer(FramesListenerFactory(app.Services, gate, framesEndPoint),
            Listeners.BuildFrames(app.Services, options, gate), app.Services.GetRequiredService<ILogger<FramesServer>>());
        var kestrelStarted = false;
        try
        {
            await framesServer.StartAsync(framesEndPoint);
            if (options.HttpPort is not null)
            {
                await app.StartAsync();
                kestrelStarted = true;
            }
        }
        catch (Exception e)
        {
            var why = e is AddressInUseException || e.InnerException is AddressInUseException ? "address already in use" : e.Message;
            log.StartFailed(run.RunId, why);
            await framesServer.StopAsync(TimeSpan.Zero);
            await TearDownAsync(app, timeouts, journal, logging);
            run.ForgetIfCreated();
            throw new UsageException($"cannot listen on {options.Bind} (frames port {options.FramesPort}, http port " +
                                     $"{options.HttpPort?.ToString() ?? "off"}): {why}");
        }

        var frames = (IPEndPoint)framesServer.EndPoint;
        var http = listeners.Http?.EndPoint as IPEndPoint;
        var descriptors = app.Services.GetRequiredService<DescriptorGuard>();
        descriptors.LogStart();
        log.Listen(ids.Next(ListenerKind.Frames.ToListenerSocketName(), frames.ToString()), ListenerKind.Frames.ToLogName(), frames.ToString());
        if (http is not null)
            log.Listen(ids.Next(ListenerKind.Http.ToListenerSocketName(), http.ToString()), ListenerKind.Http.ToLogName(), http.ToString());
        return new GatewayHost(options, logs, app, framesServer, kestrelStarted, logging, journal, timeouts, registry, descriptors, frames, http);
    }

    /// <summary>The run directory and its writers, the run's first lines written; a directory that cannot be
    /// written, or that holds a run already without <c>--append</c>, is the user's mistake.</summary>
    private static OpenedRun OpenLogs(GatewayOptions options)
    {
        var logs = Path.GetFullPath(options.LogsDirectory);
        var holdsARun = RunDirectory.HoldsARun(logs);
        if (holdsARun && !options.Append)
            throw new UsageException($"{logs} holds a gateway run already: choose another directory, or add this run to it with gateway serve --append (port ids go on from the last one logged)");
        GatewayLogging? logging = null;
        try
        {
            var created = !Directory.Exists(logs);
            Directory.CreateDirectory(logs);
            // Before any writer opens: this run's first line must start a line of its own.
            var cut = holdsARun ? RunDirectory.TerminateCutLines(logs) : [];
            var firstPortId = (holdsARun ? RunDirectory.LastPortId(logs) : 0) + 1;
            logging = new GatewayLogging(logs, options.LogLevel, options.LogFiles);
            var journal = new PortJournal(logs, options.LogFiles.Rolling, logging.NoteDeletion);
            var run = new OpenedRun(logs, logging, journal, RunDirectory.NewRunId(), firstPortId, created);
            run.WriteFirstLines(holdsARun, cut);
            return run;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logging?.Dispose();
            throw new LogsDirectoryException(logs, e.Message);
        }
    }

    /// <summary>What the connection path is made of: logging through Serilog, the framing, the rejection, the
    /// descriptor guard, and the HTTP endpoint's listener (the gateway's own accept loop and connections, with Kestrel's
    /// socket transport options).</summary>
    private static void AddServices(WebApplicationBuilder builder, GatewayOptions options, GatewayLogging logging, PortIdAllocator ids,
        ConnectionRegistry registry)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace); // Serilog decides
        builder.Logging.AddSerilog(logging.Logger);
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        // The gateway resets what is still open at --shutdown-timeout itself (StopAsync), so each log line says
        // what went on the wire; Kestrel's own abort of HTTP connections, a second later, is the backstop.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout + ServersWaitAfterOurs);
        builder.Services.AddSingleton(ids);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(new PacketReader(options.Packet, options.MaxPacket));
        builder.Services.AddSingleton(options.OutputLimits);
        builder.Services.AddSingleton<IFrameResponder>(new EchoResponder(options.Packet));
        builder.Services.AddSingleton(logging.Connections);
        builder.Services.AddSingleton(sp => new HeadErrorRejection(options.Policy, options.Packet, sp.GetRequiredService<ConnectionLog>()));
        // Made by the container, which disposes it (and stops its thread) with the host.
        builder.Services.AddSingleton(_ => new SchedulingByLoad(registry, options.InlineIo ? options.HopUpTo : 0));
        builder.Services.AddSingleton<FramedConnectionHandler>();
        builder.Services.AddSingleton<LabEndpoint>();
        builder.WebHost.UseSockets(o =>
        {
            o.Backlog = options.Backlog;
            o.UnsafePreferInlineScheduling = options.InlineIo;
            // The output pipe pauses its writer at half the bound; the handler's batch is the other half (OutputLimits).
            o.MaxWriteBufferSize = options.OutputLimits.TransportPauseBytes;
        });
        builder.Services.AddSingleton(sp => new DescriptorGuard(options.DescriptorReserve, options.OwnsProcess ? new ThreadPoolGrowth() : null,
            sp.GetRequiredService<ILogger<DescriptorGuard>>()));
        // Kestrel's server (the HTTP endpoint) takes its listener from here.
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(sp => new GuardedSocketListenerFactory(
            sp.GetRequiredService<IOptions<SocketTransportOptions>>().Value, sp.GetRequiredService<DescriptorGuard>(), startAtAccept: true));
    }

    /// <summary>The frame port's listener: the same guarded accept loop and socket options, with the gateway's own
    /// connections, paused at the cap with <c>--at-cap pause</c>.</summary>
    private static IConnectionListenerFactory FramesListenerFactory(IServiceProvider services, AcceptGate? gate, EndPoint framesEndPoint)
    {
        var guarded = new GuardedSocketListenerFactory(services.GetRequiredService<IOptions<SocketTransportOptions>>().Value,
            services.GetRequiredService<DescriptorGuard>(), startAtAccept: false);
        return gate is null ? guarded : new PausingListenerFactory(guarded, framesEndPoint, gate);
    }

    /// <summary>Stops accepting, ends every connection with reason <c>shutdown</c> (within the
    /// shutdown timeout), and flushes every log.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        _registry.BeginStopping();
        await using (new Timer(_ => _registry.ResetEveryLive(), null, Options.ShutdownTimeout, Timeout.InfiniteTimeSpan))
            await Task.WhenAll(_frames.StopAsync(Options.ShutdownTimeout + ServersWaitAfterOurs),
                _kestrelStarted ? _app.StopAsync() : Task.CompletedTask);
        Descriptors.LogTotals(LogLosses);
        await TearDownAsync(_app, _timeouts, _journal, _logging);
    }

    /// <summary>The one teardown, after a stop or a failed start: the host, then the timers, then the logs last.</summary>
    private static async Task TearDownAsync(WebApplication app, ConnectionTimeouts timeouts, PortJournal journal, GatewayLogging logging)
    {
        await app.DisposeAsync();
        timeouts.Dispose();
        journal.Dispose();
        logging.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
