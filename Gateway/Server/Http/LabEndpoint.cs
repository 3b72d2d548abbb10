using System.Text.Json;
using Lab.Common.Text;
using Lab.Gateway.Connections.Features;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Http;

/// <summary>
/// The HTTP lab endpoint: any path answers a small JSON with the connection's port id and the
/// request's number on that connection, so the probes can count connections from the server's side.
/// It never serves files: the path is only echoed, escaped.
/// </summary>
internal sealed class LabEndpoint(ILogger<LabEndpoint> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly byte[] NotATunnel = "CONNECT is not served: this is the lab's HTTP endpoint, not a proxy; any other method gets one JSON line.\n"u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        // The connection's own features, which Kestrel hands through to the request's.
        var connection = context.Features.Get<IConnectionIdentityFeature>();
        // Kestrel serves one request at a time per HTTP/1.x connection, pipelined or not.
        var number = context.Features.Get<IHttpRequestCounterFeature>()?.NextRequest() ?? 0;
        var portId = connection?.PortId ?? 0;
        var client = connection?.Peer ?? $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        var path = PeerText.Escape(context.Request.Path.Value + context.Request.QueryString.Value);
        var method = PeerText.Escape(context.Request.Method);
        logger.HttpRequest(portId, client, number, method, path, context.Request.Protocol);

        if (HttpMethods.IsConnect(context.Request.Method))
        {
            // A 2xx answer to CONNECT turns the connection into a tunnel (RFC 9110 §9.3.6) and may carry no
            // Content-Length, which Kestrel enforces by throwing: the endpoint is no proxy, so it says so.
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH";
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength = NotATunnel.Length;
            await context.Response.Body.WriteAsync(NotATunnel);
            return;
        }

        var reply = new LabEndpointReply(portId, context.Connection.Id, number, context.Request.Protocol, method, path,
            client, DateTimeOffset.UtcNow);
        // A known length keeps HTTP/1.0 keep-alive possible: without one Kestrel can only end the body by closing.
        var body = JsonSerializer.SerializeToUtf8Bytes(reply, Json);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length + 1;
        await context.Response.Body.WriteAsync(body);
        await context.Response.Body.WriteAsync("\n"u8.ToArray());
    }
}
