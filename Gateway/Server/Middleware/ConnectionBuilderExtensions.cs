using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Http;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Lab.Logs;

namespace Lab.Gateway.Middleware;

/// <summary>The connection middlewares, for Kestrel's HTTP listener and the frame port's own server alike.</summary>
internal static class ConnectionBuilderExtensions
{
    /// <param name="httpKeepAliveTimeout">For the HTTP endpoint: Kestrel's keep-alive timeout, by which an HTTP
    /// connection's end is explained (<see cref="HttpConnectionEnd"/>).</param>
    public static IConnectionBuilder UseConnectionRecord(this IConnectionBuilder builder, ListenerKind listener, TimeSpan? httpKeepAliveTimeout = null)
    {
        var services = builder.ApplicationServices;
        var ids = services.GetRequiredService<PortIdAllocator>();
        var registry = services.GetRequiredService<ConnectionRegistry>();
        var descriptors = services.GetRequiredService<DescriptorGuard>();
        var log = services.GetRequiredService<ConnectionLog>();
        Action<ConnectionRecord, bool>? explain = httpKeepAliveTimeout is { } keepAlive
            ? (record, stopping) => HttpConnectionEnd.Explain(record, stopping, keepAlive)
            : null;
        builder.Use(next => new ConnectionRecordMiddleware(next, listener, ids, registry, descriptors, log, explain).OnConnectionAsync);
        return builder;
    }

    /// <summary>With <see cref="AtCapMode.Pause"/>, gives the listener's place back when a connection ends.</summary>
    public static IConnectionBuilder UseAcceptGate(this IConnectionBuilder builder, AcceptGate? gate)
    {
        if (gate is not null)
            builder.Use(next => new AcceptGateMiddleware(next, gate).OnConnectionAsync);
        return builder;
    }

    /// <summary>TCP keepalive on every accepted socket; null means off (no middleware at all).</summary>
    public static IConnectionBuilder UseKeepAlive(this IConnectionBuilder builder, KeepAliveOptions? keepAlive)
    {
        if (keepAlive is not null)
            builder.Use(next => new KeepAliveMiddleware(next, keepAlive).OnConnectionAsync);
        return builder;
    }

    /// <summary>Caps live connections; 0 means unlimited (no middleware at all).</summary>
    public static IConnectionBuilder UseConnectionLimit(this IConnectionBuilder builder, int maxConnections)
    {
        if (maxConnections <= 0)
            return builder;
        var logger = builder.ApplicationServices.GetRequiredService<ILogger<ConnectionLimitMiddleware>>();
        builder.Use(next => new ConnectionLimitMiddleware(next, maxConnections, logger).OnConnectionAsync);
        return builder;
    }
}
