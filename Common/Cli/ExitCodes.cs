namespace Lab.Common.Cli;

/// <summary>Exit codes shared by every Lab CLI.</summary>
internal static class ExitCodes
{
    /// <summary>The run happened and its measurement succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The run happened but its measurement failed.</summary>
    public const int MeasurementFailed = 1;

    /// <summary>It could not start: bad usage or a missing prerequisite.</summary>
    public const int CannotStart = 2;

    /// <summary>Stopped by SIGINT or SIGTERM (128 + 2, as a shell reports Ctrl+C): what was measured is written, marked interrupted.</summary>
    public const int Interrupted = 130;
}
