using System.Text.Json;

namespace Lab.BrowserLab.NetLog;

/// <summary>One NetLog event with its numeric ids resolved to names. <see cref="Time"/> is Chrome's
/// tick time in ms; <see cref="Order"/> is its position in the file (events are written in order).</summary>
internal sealed record NetLogEvent(int Order, long Time, string Type, long SourceId, string SourceType, int Phase, JsonElement Params)
{
    public const int PhaseNone = 0;
    public const int PhaseBegin = 1;
    public const int PhaseEnd = 2;

    public long? DependencyId =>
        Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty("source_dependency", out var d) ? d.GetProperty("id").GetInt64() : null;

    public int? NetError =>
        Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty("net_error", out var e) ? e.GetInt32() : null;

    public string? Param(string name) =>
        Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;
}
