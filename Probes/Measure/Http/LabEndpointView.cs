using System.Text.Json;

namespace Lab.Probes.Http;

/// <summary>The gateway lab endpoint's own view of a request, read from its reply
/// (<c>{"portId": N, "request": K, …}</c>); null for any other server's body.</summary>
internal readonly record struct LabEndpointView(long PortId, int Request)
{
    public static LabEndpointView? Parse(string body)
    {
        if (!body.StartsWith("{\"portId\":", StringComparison.Ordinal))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return new LabEndpointView(doc.RootElement.GetProperty("portId").GetInt64(), doc.RootElement.GetProperty("request").GetInt32());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
