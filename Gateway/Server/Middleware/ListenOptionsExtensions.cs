using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Http;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Lab.Logs;

namespace Lab.Gateway.Middleware;

internal static class ListenOptionsExtensions
{
    /// <param name="httpKeepAliveTimeout">For the HTTP endpoint: Kestrel's keep-alive timeout, by which an HTTP
    /// connection's end is explained (<see cref="HttpConnectionEnd"/>).</param>
    public static ListenOptions UseConnectionRecord(this ListenOptions options, ListenerKind listener, TimeSpan? httpKeepAliveTimeout = null)
    {
        var services = options.ApplicationServices;
        var ids = services.GetRequiredService<PortIdAllocator>();
        var registry = services.GetRequiredService<ConnectionRegistry>();
        var descriptors = services.GetRequiredService<DescriptorGuard>();
        var log = services.GetRequiredService<ConnectionLog>();
        Action<ConnectionRecord, bool>? explain = httpKeepAliveTimeout is { } keepAlive
            ? (record, stopping) => HttpConnectionEnd.Explain(record, stopping, keepAlive)
            : null;
        options.Use(next => new ConnectionRecordMiddleware(next, listener, ids, registry, descriptors, log, explain).OnConnectionAsync);
        return options;
    }

    /// <summary>With <see cref="AtCapMode.Pause"/>, gives the listener's place back when a connection ends.</summary>
    public static ListenOptions UseAcceptGate(this ListenOptions options, AcceptGate? gate)
    {
        if (gate is not null)
            options.Use(next => new AcceptGateMiddleware(next, gate).OnConnectionAsync);
        return options;
    }

    /// <summary>TCP keepalive on every accepted socket; null means off (no middleware at all).</summary>
    public static ListenOptions UseKeepAlive(this ListenOptions options, KeepAliveOptions? keepAlive)
    {
        if (keepAlive is not null)
            options.Use(next => new KeepAliveMiddleware(next, keepAlive).OnConnectionAsync);
        return options;
    }

    /// <summary>Caps live connections; 0 means unlimited (no middleware at all).</summary>
    public static ListenOptions UseConnectionLimit(this ListenOptions options, int maxConnections)
    {
        if (maxConnections <= 0)
            return options;
        var logger = options.ApplicationServices.GetRequiredService<ILogger<ConnectionLimitMiddleware>>();
        options.Use(next => new ConnectionLimitMiddleware(next, maxConnections, logger).OnConnectionAsync);
        return options;
    }
}
