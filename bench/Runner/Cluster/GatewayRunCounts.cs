using System.Text.Json;
using Lab.Logs;

namespace Lab.Bench.Cluster;

/// <summary>
/// What a gateway's run directory says it did, read after the gateway exited (gateway.clef and the files it
/// rolled into; a counting run keeps every one, <c>--log-retain 0</c>): connections opened (<c>init_ok</c>)
/// and ended (<c>do_terminate</c>), how many port ids have both, bogus heads (<c>head_error</c>), refusals,
/// the frames its do_terminate lines add up to, connections per client address, and its descriptor limit as it
/// logged it (<c>descriptors … capacity=</c>; <c>totals … atLimitEpisodes= atLimitMs=</c>).
/// </summary>
internal sealed record GatewayRunCounts(
    string Directory,
    long InitOk,
    long DoTerminate,
    long Pairs,
    long HeadErrors,
    long Refused,
    long Frames,
    bool ExitedCleanly,
    IReadOnlyDictionary<string, long> ConnectionsByClientAddress,
    long? DescriptorCapacity,
    long? AtLimitEpisodes,
    long? AtLimitMs)
{
    // Matched on the line's bytes before any JSON is parsed: a million-line file is parsed only where it counts.
    private static readonly string InitOkLine = LogContract.ClefNeedle(LogContract.Names.InitOk);
    private static readonly string DoTerminateLine = LogContract.ClefNeedle(LogContract.Names.DoTerminate);
    private static readonly string HeadErrorLine = LogContract.ClefNeedle(LogContract.Names.HeadError);
    private static readonly string RefusedLine = LogContract.ClefNeedle(LogContract.Names.Refused);
    private static readonly string DescriptorsLine = LogContract.ClefNeedle(LogContract.Names.Descriptors);
    private static readonly string TotalsLine = LogContract.ClefNeedle(LogContract.Names.Totals);

    public static GatewayRunCounts Of(string directory)
    {
        var files = RunFiles.JsonLogFiles(directory);
        if (files.Count == 0)
            throw new InvalidDataException($"no {RunFiles.JsonLog} in {directory}");
        long inits = 0, ends = 0, headErrors = 0, refused = 0, frames = 0;
        var exited = false;
        long? capacity = null, episodes = null, atLimitMs = null;
        var opened = new HashSet<long>();
        var ended = new HashSet<long>();
        var byAddress = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in files.SelectMany(File.ReadLines))
        {
            if (line.Contains(InitOkLine, StringComparison.Ordinal))
            {
                inits++;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty(LogContract.Fields.PortId, out var id))
                    opened.Add(id.GetInt64());
                if (doc.RootElement.TryGetProperty(LogContract.Fields.Peer, out var peer) && peer.GetString() is { } p)
                {
                    var address = p[..Math.Max(0, p.LastIndexOf(':'))];
                    byAddress[address] = byAddress.GetValueOrDefault(address) + 1;
                }
            }
            else if (line.Contains(DoTerminateLine, StringComparison.Ordinal))
            {
                ends++;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty(LogContract.Fields.PortId, out var id))
                    ended.Add(id.GetInt64());
                if (doc.RootElement.TryGetProperty(LogContract.Fields.Frames, out var f))
                    frames += f.GetInt64();
            }
            else if (line.Contains(HeadErrorLine, StringComparison.Ordinal))
                headErrors++;
            else if (line.Contains(RefusedLine, StringComparison.Ordinal))
                refused++;
            else if (line.Contains(DescriptorsLine, StringComparison.Ordinal))
                capacity = LogContract.ClefField(line, LogContract.Fields.Capacity);
            else if (line.Contains(TotalsLine, StringComparison.Ordinal))
            {
                exited = true;
                episodes = LogContract.ClefField(line, LogContract.Fields.AtLimitEpisodes);
                atLimitMs = LogContract.ClefField(line, LogContract.Fields.AtLimitMs);
            }
        }
        opened.IntersectWith(ended);
        return new GatewayRunCounts(directory, inits, ends, opened.Count, headErrors, refused, frames, exited, byAddress, capacity, episodes, atLimitMs);
    }

}
