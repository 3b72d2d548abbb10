using System.Globalization;

namespace Lab.Bench.SlowReaders;

/// <summary>
/// The soak's judgement of its slow readers (issue #22): each one is reset within the send timeout plus a
/// second after the last of them connected, and the gateway's log says send_timeout/rst for each; a fresh
/// client is served once that time has passed; the readers add at most the pending-output bound plus
/// Kestrel's input buffer each to the gateway's RSS. A check with nothing to judge is NO DATA, a miss.
/// </summary>
internal static class SlowReaderVerdict
{
    /// <summary>Kestrel's receive pipe per connection (SocketTransportOptions.MaxReadBufferSize), which the gateway keeps.</summary>
    public const long InputBufferBytes = 1024 * 1024;

    public static (IReadOnlyList<string> Lines, IReadOnlyList<string> Misses) Judge(SlowReaderSample s, TimeSpan sendTimeout, long maxPendingOutput)
    {
        var lines = new List<string>();
        var misses = new List<string>();
        var readers = s.ReadersEnded.Count;
        var by = s.LastReaderConnectedS + sendTimeout.TotalSeconds + 1;

        var ended = s.ReadersEnded.Where(e => e is not null).Select(e => e!.Value).ToList();
        var late = ended.Count(e => e > by);
        var endedOk = readers > 0 && ended.Count == readers && late == 0;
        lines.Add(readers == 0
            ? "slow readers reset by the send timeout: NO DATA (no reader connected)"
            : $"slow readers reset within the send timeout + 1 s ({F(by)} s): {ended.Count - late} of {readers}" +
              (ended.Count > 0 ? $", the last at {F(ended.Max())} s" : "") + $" ({Verdict(endedOk)})");
        if (!endedOk)
            misses.Add(readers == 0 ? "slow readers: NO DATA" : $"slow readers: {readers - ended.Count + late} of {readers} not reset by {F(by)} s");

        var logged = readers > 0 && s.LoggedSendTimeouts == readers + s.WarmUpResets;
        lines.Add($"do_terminate reason=send_timeout closeKind=rst in the gateway's log: {s.LoggedSendTimeouts} for {readers} reader(s)" +
                  (s.WarmUpReaders > 0 ? $" and {s.WarmUpResets} warm-up reader(s) reset" : "") + $" ({(readers == 0 ? "NO DATA" : Verdict(logged))})");
        if (!logged)
            misses.Add(readers == 0 ? "slow readers' log: NO DATA" : $"slow readers: {s.LoggedSendTimeouts} send_timeout lines logged for {readers} readers");

        var after = s.FreshAttempts.Where(a => a.AtS > by).ToList();
        var servedAfter = after.Count(a => a.Served);
        var freshOk = after.Count > 0 && servedAfter == after.Count;
        lines.Add(after.Count == 0
            ? "fresh clients served once the send timeout + 1 s had passed: NO DATA (no attempt after it)"
            : $"fresh clients served once the send timeout + 1 s had passed: {servedAfter} of {after.Count} " +
              $"(before it: {s.FreshAttempts.Count(a => a.AtS <= by && a.Served)} of {s.FreshAttempts.Count(a => a.AtS <= by)}) ({Verdict(freshOk)})");
        if (!freshOk)
            misses.Add(after.Count == 0 ? "fresh clients: NO DATA" : $"fresh clients: {after.Count - servedAfter} of {after.Count} refused or unanswered after {F(by)} s");

        var bound = maxPendingOutput + InputBufferBytes;
        // What the warm-up readers may have left in the gateway's pool for the measured ones is counted as theirs.
        var credit = s.WarmUpReaders * (double)bound;
        var added = (s.PeakRssKiB - s.BaselineRssKiB) * 1024.0 + credit;
        var memoryOk = readers > 0 && added <= readers * (double)bound;
        if (s.WarmUpReaders > 0 && s.ColdRssKiB > 0)
            lines.Add((s.WarmUpResets == s.WarmUpReaders
                          ? $"before the baseline, {s.WarmUpReaders} warm-up slow reader(s) ran to their reset: "
                          : $"before the baseline, {s.WarmUpReaders} warm-up slow reader(s) ran, {s.WarmUpResets} of them reset by the gateway: ") +
                      $"RSS {s.ColdRssKiB} → {s.BaselineRssKiB} KiB (the code of their path, paid once, and the blocks they left in the gateway's pool; shown, not judged)");
        lines.Add(readers == 0
            ? "RSS added per slow reader: NO DATA"
            : $"RSS added per slow reader: {F(added / readers / 1024 / 1024)} MiB (peak {s.PeakRssKiB} KiB, before {s.BaselineRssKiB} KiB" +
              (s.WarmUpReaders > 0 ? $", plus {s.WarmUpReaders} × the bound for the warm-up readers' blocks" : "") + ") against " +
              $"--max-pending-output + the input buffer = {F(bound / 1024.0 / 1024)} MiB ({Verdict(memoryOk)})");
        // Shown, not judged: what each reader past the first ones added, the runtime's one-time growth left out.
        if (s.FirstReaders > 0 && readers > s.FirstReaders && s.AfterFirstRssKiB > 0)
            lines.Add($"RSS added per slow reader past the first {s.FirstReaders}: " +
                      $"{F((s.PeakRssKiB - s.AfterFirstRssKiB) / 1024.0 / (readers - s.FirstReaders))} MiB " +
                      $"(the first {s.FirstReaders} added {F((s.AfterFirstRssKiB - s.BaselineRssKiB) / 1024.0 / s.FirstReaders)} MiB each; shown, not judged)");
        // Shown, not judged: the RSS added split by kind. Code (file-backed and shared pages: what the runtime compiled
        // or paged in the first time the readers took their paths) is paid once, not per reader.
        if (readers > 0 && s.PeakAnonKiB > 0 && s.BaselineAnonKiB > 0)
        {
            var anon = s.PeakAnonKiB - s.BaselineAnonKiB;
            var other = s.PeakRssKiB - s.BaselineRssKiB - anon;
            lines.Add($"of it, anonymous memory (heaps, buffers, stacks): {F(anon / 1024.0 / readers)} MiB per reader; " +
                      $"file-backed and shared (code compiled or paged in, paid once): {F(other / 1024.0)} MiB in all (shown, not judged)");
        }
        if (!memoryOk)
            misses.Add(readers == 0 ? "slow readers' memory: NO DATA"
                : $"slow readers added {F(added / readers / 1024 / 1024)} MiB of RSS each, over {F(bound / 1024.0 / 1024)} MiB");
        return (lines, misses);
    }

    private static string Verdict(bool ok) => ok ? "PASS" : "MISS";

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
