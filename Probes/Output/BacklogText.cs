using Lab.Common.Cli;
using Lab.Common.Text;
using Lab.Probes.Backlog;
using Spectre.Console;

namespace Lab.Probes.Output;

/// <summary>The samples as a table, the counters before and after, and what bounds what.</summary>
internal static class BacklogText
{
    public static void Write(BacklogResult r)
    {
        Terminal.FitRedirectedOutput();
        Prose.WriteLine($"{r.Mode}: {r.Clients} clients → {r.Target}, backlog {r.Backlog}: peak accept queue {r.PeakAcceptQueue}, peak SYN_RECV {r.PeakSynRecv}" +
                        (r.CensusSynFloodAlert is { } a ? $", census SYN-flood alert {(a ? "FIRED" : "silent")}" : ""));
        var table = new Table().AddColumns("t ms", "phase", "accept queue", "SYN_RECV (server)", "SYN_SENT (clients)", "ESTABLISHED (clients)");
        BacklogSample? last = null;
        foreach (var s in r.Samples)
        {
            // Only the samples where something changed.
            if (last is not null && s with { T = last.T } == last)
                continue;
            table.AddRow(s.T.ToString("0"), s.Phase, s.AcceptQueue.ToString(), s.SynRecv.ToString(), s.SynSent.ToString(), s.ClientEstablished.ToString());
            last = s;
        }
        AnsiConsole.Write(table);
        Prose.WriteLine("counters (/proc/net/netstat TcpExt, before → after): " +
                        string.Join(", ", r.Counters.Select(c => $"{c.Key} {c.Value[0]}→{c.Value[1]}")));
        Prose.WriteLine("settings: " + string.Join(", ", r.Settings.Select(s => $"{s.Key}={s.Value}")));
        foreach (var line in r.Explanation)
            Prose.WriteLine(line, "  - ");
    }
}
