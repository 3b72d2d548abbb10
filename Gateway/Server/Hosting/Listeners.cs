using System.Net;
using Lab.Gateway.Connections;
using Lab.Gateway.Http;
using Lab.Gateway.Middleware;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Lab.Logs;

namespace Lab.Gateway.Hosting;

/// <summary>The gateway's two connection paths: the frame port's (record → accept gate → keepalive → limit → framed
/// handler), run by <see cref="FramesServer"/>, and the HTTP lab endpoint as Kestrel builds it (record → HTTP end →
/// Kestrel's HTTP), kept so the host can read the port it got.</summary>
internal sealed class Listeners
{
    public ListenOptions? Http { get; private set; }

    public static ConnectionDelegate BuildFrames(IServiceProvider services, GatewayOptions options, AcceptGate? gate) =>
        new ConnectionBuilder(services)
            .UseConnectionRecord(ListenerKind.Frames)
            .UseAcceptGate(gate)
            .UseKeepAlive(options.KeepAlive)
            .UseConnectionLimit(gate is null ? options.MaxConnections : 0)
            .UseConnectionHandler<FramedConnectionHandler>()
            .Build();

    public void Configure(KestrelServerOptions kestrel, GatewayOptions options)
    {
        kestrel.AddServerHeader = false;
        if (options.IdleTimeout is { } idle)
            kestrel.Limits.KeepAliveTimeout = idle;
        if (options.HttpPort is not { } httpPort)
            return;
        kestrel.Listen(options.Bind, httpPort, listen =>
        {
            Http = listen;
            listen.Protocols = HttpProtocols.Http1;
            listen.UseConnectionRecord(ListenerKind.Http, kestrel.Limits.KeepAliveTimeout);
        });
    }
}
