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
