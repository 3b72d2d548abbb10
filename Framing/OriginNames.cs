namespace Lab.Framing;

/// <summary>The one place that names an <see cref="OriginKind"/>: what <c>head_error</c>'s origin field and
/// analyze print, and what readers of those logs parse back.</summary>
internal static class OriginNames
{
    private static readonly OriginKind[] All = Enum.GetValues<OriginKind>();

    public static string ToLogName(this OriginKind origin) => origin switch
    {
        OriginKind.Http2Preface => "http2-preface",
        OriginKind.Http => "http",
        OriginKind.Tls => "tls",
        OriginKind.Ssh => "ssh",
        OriginKind.ProxyV1 => "proxy-v1",
        OriginKind.ProxyV2 => "proxy-v2",
        OriginKind.Resp => "resp",
        OriginKind.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, null),
    };

    /// <summary>The origin a logged name stands for; null for a name this build does not know.</summary>
    public static OriginKind? Parse(string name)
    {
        foreach (var origin in All)
        {
            if (origin.ToLogName() == name)
                return origin;
        }
        return null;
    }
}
