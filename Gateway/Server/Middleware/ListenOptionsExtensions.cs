using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Lab.Logs;

namespace Lab.Gateway.Middleware;

internal static class ListenOptionsExtensions
{
    public static ListenOptions UseConnectionRecord(this ListenOptions options, ListenerKind listener)
    {
        var services = options.ApplicationServices;
        var ids = services.GetRequiredService<PortIdAllocator>();
        var registry = services.GetRequiredService<ConnectionRegistry>();
        var descriptors = services.GetRequiredService<DescriptorGuard>();
        var logger = services.GetRequiredService<ILogger<ConnectionRecordMiddleware>>();
        options.Use(next => new ConnectionRecordMiddleware(next, listener, ids, registry, descriptors, logger).OnConnectionAsync);
        return options;
    }

    /// <summary>Says why each HTTP connection ended; last before Kestrel's own HTTP processing, which it wraps.</summary>
    public static ListenOptions UseHttpConnectionEnd(this ListenOptions options, TimeSpan keepAliveTimeout)
    {
        var registry = options.ApplicationServices.GetRequiredService<ConnectionRegistry>();
        options.Use(next => new HttpConnectionEndMiddleware(next, registry, keepAliveTimeout).OnConnectionAsync);
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
