using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Lab.Bench;

/// <summary>
/// A .NET server's own runtime counters, read from outside over EventPipe (the System.Runtime
/// EventCounters that dotnet-counters shows): allocated bytes (GC.GetTotalAllocatedBytes, as
/// alloc-rate increments) and collections per generation. Reports are kept with the server's
/// timestamp and a window takes those whose interval lies mostly inside it: EventPipe delivers them
/// in blocks, up to a second late, so counting what has arrived by a moment would charge part of
/// the warm-up (connection set-up, ~1.5 MB at 100 connections) to the measured window.
/// </summary>
public sealed class RuntimeCounters : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly string[] Names = ["alloc-rate", "gen-0-gc-count", "gen-1-gc-count", "gen-2-gc-count"];

    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _reader;
    private readonly List<(DateTime At, int Counter, double Increment)> _reports = [];

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

    /// <summary>Null when the server does not answer on its diagnostics socket (e.g. run with
    /// DOTNET_EnableDiagnostics=0): its rows then simply have no GC or allocation figures.</summary>
    public static RuntimeCounters? TryAttach(int pid)
    {
        var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, 0,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture) });
        try
        {
            return new RuntimeCounters(new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false));
        }
        catch (Exception e) when (e is ServerNotAvailableException or DiagnosticsClientException or IOException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// The sums over [from, to] (local time): waits, at most 3 s, for the report that closes the
    /// window; null when the server sent none.
    /// </summary>
    public async Task<RuntimeTotals?> WindowAsync(DateTime from, DateTime to)
    {
        for (var waited = 0; waited < 3000 && Latest() < to + Interval; waited += 50)
            await Task.Delay(50);
        lock (_reports)
        {
            if (_reports.Count == 0)
                return null;
            var sums = new double[Names.Length];
            var intervals = 0;
            foreach (var (at, counter, increment) in _reports)
            {
                var middle = at - Interval / 2;
                if (middle < from || middle > to)
                    continue;
                sums[counter] += increment;
                if (counter == 0)
                    intervals++;
            }
            return new RuntimeTotals(sums[0], sums[1], sums[2], sums[3], intervals);
        }
    }

    private DateTime Latest()
    {
        lock (_reports)
            return _reports.Count == 0 ? DateTime.MinValue : _reports[^1].At;
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
        var counter = Array.IndexOf(Names, name as string);
        if (counter < 0)
            return;
        lock (_reports)
            _reports.Add((e.TimeStamp, counter, Convert.ToDouble(increment, CultureInfo.InvariantCulture)));
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
