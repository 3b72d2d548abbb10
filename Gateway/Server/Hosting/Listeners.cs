using System.Net;
using Lab.Gateway.Connections;
using Lab.Gateway.Http;
using Lab.Gateway.Middleware;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Lab.Logs;

namespace Lab.Gateway.Hosting;

/// <summary>The gateway's two listeners as Kestrel builds them, kept so the host can read the ports they
/// got: frames (record → accept gate → keepalive → limit → framed handler) and the HTTP lab endpoint
/// (record → HTTP end → Kestrel's HTTP).</summary>
internal sealed class Listeners
{
    public ListenOptions? Frames { get; private set; }
    public ListenOptions? Http { get; private set; }

    /// <param name="framesEndPoint">The instance the pausing listener factory was given: it recognises the frames listener by reference.</param>
    public void Configure(KestrelServerOptions kestrel, GatewayOptions options, IPEndPoint framesEndPoint, AcceptGate? gate)
    {
        kestrel.AddServerHeader = false;
        if (options.IdleTimeout is { } idle)
            kestrel.Limits.KeepAliveTimeout = idle;
        kestrel.Listen(framesEndPoint, listen =>
        {
            Frames = listen;
            listen.UseConnectionRecord(ListenerKind.Frames)
                .UseAcceptGate(gate)
                .UseKeepAlive(options.KeepAlive)
                .UseConnectionLimit(gate is null ? options.MaxConnections : 0)
                .UseConnectionHandler<FramedConnectionHandler>();
        });
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
