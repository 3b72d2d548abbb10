namespace Lab.Gateway.Logging;

/// <summary>When a log rolls and how many of its files stay: at most <see cref="Retain"/> files per log
/// (the active one included; 0 keeps all), each rolled at the first write after it reaches
/// <see cref="MaxBytes"/>.</summary>
internal sealed record LogRolling(long MaxBytes, int Retain)
{
    public const long DefaultMaxBytes = 256L * 1024 * 1024;
    public const int DefaultRetain = 10;

    public static LogRolling Default { get; } = new(DefaultMaxBytes, DefaultRetain);

    /// <summary>Never rolls: one file per log, whatever its size.</summary>
    public static LogRolling Never { get; } = new(long.MaxValue, 0);
}
