namespace Lab.Bench.SlowReaders;

/// <summary>What one soak step of slow readers saw, on the soak's clock (seconds from the step's start).</summary>
/// <param name="ReadersEnded">When each slow reader's connection was ended by the gateway (its send failed with a
/// reset), null for one still open at the end; one entry per reader.</param>
/// <param name="LastReaderConnectedS">When the last slow reader had connected.</param>
/// <param name="FreshAttempts">One fresh client a second: when it tried, and whether its one echo came back.</param>
/// <param name="BaselineRssKiB">The gateway's RSS before the readers connected.</param>
/// <param name="PeakRssKiB">Its RSS at most while they were held (sampled every 100 ms).</param>
/// <param name="LoggedSendTimeouts">do_terminate lines with reason=send_timeout and closeKind=rst in its gateway.clef.</param>
/// <param name="FirstReaders">How many readers connected first, alone (0: all at once).</param>
/// <param name="AfterFirstRssKiB">The RSS at most while only those were held.</param>
/// <param name="BaselineAnonKiB">The anonymous part of <paramref name="BaselineRssKiB"/> (0: not read).</param>
/// <param name="PeakAnonKiB">The anonymous part of <paramref name="PeakRssKiB"/>, from the same sample.</param>
/// <param name="WarmUpReaders">Slow readers run to their reset before the baseline (their path's code is paid once,
/// not per reader); the blocks they leave in the gateway's pool may serve the measured readers, so one bound each
/// is counted against the measured readers.</param>
/// <param name="WarmUpResets">How many of those the gateway reset (each logs one send_timeout line).</param>
/// <param name="ColdRssKiB">The RSS before the warm-up readers (0: none ran).</param>
internal sealed record SlowReaderSample(
    IReadOnlyList<double?> ReadersEnded,
    double LastReaderConnectedS,
    IReadOnlyList<(double AtS, bool Served)> FreshAttempts,
    long BaselineRssKiB,
    long PeakRssKiB,
    int LoggedSendTimeouts,
    int FirstReaders = 0,
    long AfterFirstRssKiB = 0,
    long BaselineAnonKiB = 0,
    long PeakAnonKiB = 0,
    int WarmUpReaders = 0,
    int WarmUpResets = 0,
    long ColdRssKiB = 0);
