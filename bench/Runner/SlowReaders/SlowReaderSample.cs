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
    long PeakAnonKiB = 0);
