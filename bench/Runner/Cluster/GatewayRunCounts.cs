using System.Text.Json;

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
    public static GatewayRunCounts Of(string directory)
    {
        var files = System.IO.Directory.GetFiles(directory, "gateway*.clef").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"no gateway.clef in {directory}");
        long inits = 0, ends = 0, headErrors = 0, refused = 0, frames = 0;
        var exited = false;
        long? capacity = null, episodes = null, atLimitMs = null;
        var opened = new HashSet<long>();
        var ended = new HashSet<long>();
        var byAddress = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in files.SelectMany(File.ReadLines))
        {
            // The event name first, by substring: a million-line file is parsed only where it counts.
            if (line.Contains("\"Name\":\"init_ok\"", StringComparison.Ordinal))
            {
                inits++;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("portId", out var id))
                    opened.Add(id.GetInt64());
                if (doc.RootElement.TryGetProperty("peer", out var peer) && peer.GetString() is { } p)
                {
                    var address = p[..Math.Max(0, p.LastIndexOf(':'))];
                    byAddress[address] = byAddress.GetValueOrDefault(address) + 1;
                }
            }
            else if (line.Contains("\"Name\":\"do_terminate\"", StringComparison.Ordinal))
            {
                ends++;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("portId", out var id))
                    ended.Add(id.GetInt64());
                if (doc.RootElement.TryGetProperty("frames", out var f))
                    frames += f.GetInt64();
            }
            else if (line.Contains("\"Name\":\"head_error\"", StringComparison.Ordinal))
                headErrors++;
            else if (line.Contains("\"Name\":\"refused\"", StringComparison.Ordinal))
                refused++;
            else if (line.Contains("\"Name\":\"descriptors\"", StringComparison.Ordinal))
                capacity = Field(line, "capacity");
            else if (line.Contains("\"Name\":\"totals\"", StringComparison.Ordinal))
            {
                exited = true;
                episodes = Field(line, "atLimitEpisodes");
                atLimitMs = Field(line, "atLimitMs");
            }
        }
        opened.IntersectWith(ended);
        return new GatewayRunCounts(directory, inits, ends, opened.Count, headErrors, refused, frames, exited, byAddress, capacity, episodes, atLimitMs);
    }

    private static long? Field(string line, string name)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : null;
    }
}
