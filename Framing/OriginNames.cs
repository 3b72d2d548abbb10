namespace Lab.Framing;

/// <summary>An <see cref="OriginKind"/>'s name, what <c>head_error</c>'s origin field and analyze print, and back:
/// the names are <see cref="HeaderGuess"/>'s table's.</summary>
internal static class OriginNames
{
    private static readonly OriginKind[] All = Enum.GetValues<OriginKind>();

    /// <summary>From <see cref="HeaderGuess"/>'s table, where each origin is one row.</summary>
    public static string ToLogName(this OriginKind origin) => HeaderGuess.NameOf(origin);

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
