namespace Lab.Probes.Pipeline;

/// <summary>One HTTP/1.x response read off a raw socket.</summary>
internal sealed record RawHttpResponse(string Version, int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
