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

namespace Lab.Gateway.Hosting;

/// <summary>
/// The gateway as an object: Kestrel with the frame listener (record → limit → framed handler) and the
/// HTTP lab endpoint, the port-id journal and the run directory's logs. Used by <c>gateway serve</c>
/// and embedded by the browser lab and the tests.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GatewayLogging _logging;
    private readonly PortJournal _journal;
    private readonly ConnectionTimeouts _timeouts;
    private readonly ConnectionRegistry _registry;
    private bool _stopped;

    private GatewayHost(GatewayOptions options, string logs, WebApplication app, GatewayLogging logging, PortJournal journal,
        ConnectionTimeouts timeouts, ConnectionRegistry registry, DescriptorGuard descriptors, IPEndPoint frames, IPEndPoint? http)
    {
        Options = options;
        LogsDirectory = logs;
        _app = app;
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

    /// <summary>The line <c>gateway serve</c> prints once it listens; tools parse it.</summary>
    public string ListeningLine =>
        $"listening frames={FramesEndPoint} http={HttpEndPoint?.ToString() ?? "off"} logs={LogsDirectory}";

    /// <exception cref="UsageException">The logs directory cannot be written or a port cannot be bound.</exception>
    public static async Task<GatewayHost> StartAsync(GatewayOptions options)
    {
        if (options.Problems() is [var problem, ..])
            throw new ArgumentException($"gateway options: {problem}", nameof(options));
        var logs = Path.GetFullPath(options.LogsDirectory);
        PortJournal journal;
        GatewayLogging? logging = null;
        try
        {
            Directory.CreateDirectory(logs);
            logging = new GatewayLogging(logs, options.LogLevel, options.LogFiles);
            journal = new PortJournal(logs, options.LogFiles.Rolling, logging.NoteDeletion);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logging?.Dispose();
            throw new UsageException($"cannot write logs to {logs}: {e.Message}");
        }

        if (options.OwnsProcess)
            ThreadPoolGrowth.Warm(4); // before the limit can be near: a thread start needs descriptors
        var registry = new ConnectionRegistry();
        var ids = new PortIdAllocator(journal);
        var timeouts = new ConnectionTimeouts(registry, options.IdleTimeout, options.FrameTimeout);
        ListenOptions? framesListen = null;
        var framesEndPoint = new IPEndPoint(options.Bind, options.FramesPort);
        var gate = options is { AtCap: AtCapMode.Pause, MaxConnections: > 0 } ? new AcceptGate(options.MaxConnections) : null;
        ListenOptions? httpListen = null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace); // Serilog decides
        builder.Logging.AddSerilog(logging.Logger);
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(ids);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(new PacketReader(options.Packet, options.MaxPacket));
        builder.Services.AddSingleton<IFrameResponder>(new EchoResponder(options.Packet));
        builder.Services.AddSingleton(sp => new HeadErrorRejection(options.Policy, options.Packet,
            sp.GetRequiredService<ILogger<HeadErrorRejection>>()));
        builder.Services.AddSingleton<FramedConnectionHandler>();
        builder.Services.AddSingleton<LabEndpoint>();
        builder.WebHost.UseSockets(o =>
        {
            o.Backlog = options.Backlog;
            o.UnsafePreferInlineScheduling = options.InlineIo;
        });
        builder.Services.AddSingleton(sp => new DescriptorGuard(options.DescriptorReserve, options.OwnsProcess ? new ThreadPoolGrowth() : null,
            sp.GetRequiredService<ILogger<DescriptorGuard>>()));
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(sp =>
        {
            var guarded = new GuardedSocketListenerFactory(sp.GetRequiredService<IOptions<SocketTransportOptions>>().Value,
                sp.GetRequiredService<DescriptorGuard>(), sp.GetRequiredService<ILoggerFactory>());
            return gate is null ? guarded : new PausingListenerFactory(guarded, framesEndPoint, gate);
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (options.IdleTimeout is { } idle)
                kestrel.Limits.KeepAliveTimeout = idle;
            kestrel.Listen(framesEndPoint, listen =>
            {
                framesListen = listen;
                listen.UseConnectionRecord(ListenerKind.Frames)
                    .UseAcceptGate(gate)
                    .UseKeepAlive(options.KeepAlive)
                    .UseConnectionLimit(gate is null ? options.MaxConnections : 0)
                    .UseConnectionHandler<FramedConnectionHandler>();
            });
            if (options.HttpPort is { } httpPort)
            {
                kestrel.Listen(options.Bind, httpPort, listen =>
                {
                    httpListen = listen;
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseConnectionRecord(ListenerKind.Http)
                        .UseHttpConnectionEnd(kestrel.Limits.KeepAliveTimeout);
                });
            }
        });

        var app = builder.Build();
        app.Run(app.Services.GetRequiredService<LabEndpoint>().HandleAsync);
        try
        {
            await app.StartAsync();
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            timeouts.Dispose();
            journal.Dispose();
            logging.Dispose();
            var why = e.InnerException is AddressInUseException ? "address already in use" : e.Message;
            throw new UsageException($"cannot listen on {options.Bind} (frames port {options.FramesPort}, http port " +
                                     $"{options.HttpPort?.ToString() ?? "off"}): {why}");
        }

        var frames = (IPEndPoint)framesListen!.EndPoint;
        var http = httpListen?.EndPoint as IPEndPoint;
        var log = app.Services.GetRequiredService<ILogger<GatewayHost>>();
        var descriptors = app.Services.GetRequiredService<DescriptorGuard>();
        descriptors.LogStart();
        var framesId = ids.Next(ListenerKind.Frames.ToListenerSocketName(), frames.ToString());
        log.Listen(framesId, ListenerKind.Frames.ToLogName(), frames.ToString());
        if (http is not null)
            log.Listen(ids.Next(ListenerKind.Http.ToListenerSocketName(), http.ToString()), ListenerKind.Http.ToLogName(), http.ToString());
        return new GatewayHost(options, logs, app, logging, journal, timeouts, registry, descriptors, frames, http);
    }

    /// <summary>Stops accepting, ends every connection with reason <c>shutdown</c> (within the
    /// shutdown timeout), and flushes every log.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        _registry.BeginStopping();
        await _app.StopAsync();
        Descriptors.LogTotals(LogWriteFailures);
        await _app.DisposeAsync();
        _timeouts.Dispose();
        _journal.Dispose();
        _logging.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
