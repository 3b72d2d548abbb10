using Lab.Common.Text;
using System.Globalization;
using Lab.Common.Cli;
using Lab.Probes.Http;
using Spectre.Console;

namespace Lab.Probes.Output;

/// <summary>The side-by-side table of <c>probe http</c> and its port arithmetic.</summary>
internal static class HttpTable
{
    public static void Write(Uri url, IReadOnlyDictionary<string, HttpModeResult> results, PortArithmetic ports)
    {
        Terminal.FitRedirectedOutput();
        var table = new Table().Title($"probe http {url}").AddColumn("");
        foreach (var mode in results.Keys)
            table.AddColumn(new TableColumn(mode).RightAligned());
        void Row(string name, Func<HttpModeResult, object?> value) =>
            table.AddRow([name, .. results.Values.Select(r => Markup.Escape(value(r)?.ToString() ?? "—"))]);

        Row("requests ok / failed", r => $"{r.Ok} / {r.Failed}" + (r.Errors.Count > 0 ? $" ({string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}"))})" : ""));
        Row("requests/s", r => r.Rps);
        Row("latency p50 ms", r => r.P50Ms);
        Row("latency p90 ms", r => r.P90Ms);
        Row("latency p99 ms", r => r.P99Ms);
        Row("latency max ms", r => r.MaxMs);
        Row("connections opened", r => r.ConnectionsOpened);
        Row("  of which never used", r => r.ConnectionsUnused);
        Row("distinct client ports", r => r.DistinctClientPorts);
        Row("requests per connection", r => r.RequestsPerConnection);
        Row("TIME_WAIT client side", r => r.TimeWaitClientSide);
        Row("TIME_WAIT server side", r => r.TimeWaitServerSide);
        Row("server: connections seen", r => r.ServerConnections);
        Row("server: requests per connection", r => r.ServerRequestsPerConnection);
        AnsiConsole.Write(table);
        AnsiConsole.Write(SplitTable(results));

        Prose.WriteLine($"ephemeral range {ports.RangeLow}-{ports.RangeHigh} ({ports.RangeSize} ports), TIME_WAIT {ports.TimeWaitSeconds} s: " +
                          $"at most {ports.MaxShortPerSecond} new connections/s to one destination from a client that closes first.");
        Prose.WriteLine(ports.Verdict + ".");
        Prose.WriteLine(ports.TwReuseNote);
        Prose.WriteLine("In short mode the side that closes first holds the TIME_WAIT: with HTTP/1.0 usually the server (a client that has read a Content-Length body may close first).");
    }

    /// <summary>ab's "Connection Times", per request: connect is the TCP connect alone, for the requests
    /// that opened their connection; first byte and total run from the request's start.</summary>
    private static Table SplitTable(IReadOnlyDictionary<string, HttpModeResult> results)
    {
        var table = new Table().Title("per request, ms (ok requests)").AddColumn("");
        foreach (var column in new[] { "requests", "p50", "p90", "p99", "max" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var (mode, r) in results)
        {
            foreach (var (name, us) in new[] { ("connect", r.ConnectUs), ("first byte", r.FirstByteUs), ("total", r.TotalUs) })
            {
                string[] values = us.Count == 0 ? ["0", "—", "—", "—", "—"] : [$"{us.Count}", Ms(us.P50), Ms(us.P90), Ms(us.P99), Ms(us.Max)];
                table.AddRow([$"{mode} {name}", .. values]);
            }
        }
        return table;
    }

    private static string Ms(long us) => (us / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
