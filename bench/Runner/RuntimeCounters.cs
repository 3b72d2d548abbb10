using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Lab.Bench;

/// <summary>
/// A .NET server's own runtime counters, read from outside over EventPipe (the System.Runtime
/// EventCounters that dotnet-counters shows): allocated bytes (GC.GetTotalAllocatedBytes, as
/// alloc-rate increments) and collections per generation. <see cref="Mark"/> snapshots the sums so a
/// cell can take only what happened after its warm-up.
/// </summary>
public sealed class RuntimeCounters : IAsyncDisposable
{
    // One report a second. The session itself makes the server allocate (~10 KB/s here, ~20 KB/s at
    // 0.5 s), so the bench subtracts a rate measured on the idle server (Workload, memory).
    private const string IntervalSeconds = "1";
    private static readonly string[] Names = ["alloc-rate", "gen-0-gc-count", "gen-1-gc-count", "gen-2-gc-count"];

    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _reader;
    private readonly double[] _sums = new double[Names.Length + 1];
    private int _reports;

    private RuntimeCounters(EventPipeSession session)
    {
        _session = session;
        _source = new EventPipeEventSource(session.EventStream);
        _source.Dynamic.All += OnEvent;
        _reader = Task.Run(() =>
        {
            try { _source.Process(); }
            catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException) { }
        });
    }

    /// <summary>Counter reports received so far (0 means the numbers are not there).</summary>
    public int Reports => Volatile.Read(ref _reports);

    /// <summary>Waits for the next interval's report (the one that covers what just happened), at most 3 s.</summary>
    public async Task NextReportAsync()
    {
        var seen = Mark().Intervals;
        for (var waited = 0; waited < 3000 && Mark().Intervals <= seen; waited += 50)
            await Task.Delay(50);
    }

    public static RuntimeCounters Attach(int pid)
    {
        var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, 0,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = IntervalSeconds });
        return new RuntimeCounters(new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false));
    }

    /// <summary>The sums so far: allocated bytes, gen0, gen1, gen2 collections, intervals reported.</summary>
    public RuntimeTotals Mark()
    {
        lock (_sums)
            return new RuntimeTotals(_sums[0], _sums[1], _sums[2], _sums[3], _sums[4]);
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.EventName != "EventCounters"
            || e.PayloadValue(0) is not IDictionary<string, object> outer
            || outer.TryGetValue("Payload", out var inner) is false
            || inner is not IDictionary<string, object> payload
            || payload.TryGetValue("Name", out var name) is false
            || payload.TryGetValue("Increment", out var increment) is false)
            return;
        var index = Array.IndexOf(Names, name as string);
        if (index < 0)
            return;
        lock (_sums)
        {
            _sums[index] += Convert.ToDouble(increment, System.Globalization.CultureInfo.InvariantCulture);
            if (index == 0)
                _sums[^1]++; // one more interval reported
        }
        Interlocked.Increment(ref _reports);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _session.StopAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException)
        {
            // The server is gone already; what was read stays.
        }
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _source.Dispose();
        _session.Dispose();
    }
}
