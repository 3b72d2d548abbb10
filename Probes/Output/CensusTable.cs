using System.Globalization;
using Lab.Common.Cli;
using Lab.Probes.Census;
using Spectre.Console;

namespace Lab.Probes.Output;

/// <summary>The census as netstat users read it: state counts, listeners with their queues, the rows.</summary>
internal static class CensusTable
{
    public static void Write(CensusSample s, bool processes)
    {
        Terminal.FitRedirectedOutput();
        var scope = s.Port is { } p ? $"port {p}" : "all ports";
        // UTC, marked Z, like every time the lab prints: a census read beside a gateway's logs must line up with them.
        Console.WriteLine($"{s.At.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}Z TCP sockets, {scope}: " +
                          string.Join("  ", s.States.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}")) +
                          (s.States.Values.Sum() == 0 ? "none" : "") +
                          (s.Udp is { } u ? $"  |  UDP bound {u["bound"]}, connected {u["connected"]}" : ""));
        foreach (var l in s.Listeners.Where(l => l.SynFloodAlert))
            Console.WriteLine($"ALERT: {l.SynRecv} SYN_RECV toward {l.Local} (backlog {l.Backlog}, alert at {l.AlertAt}): the SYN-flood signature — half-open connections whose final ACK never came");
        if (s.Listeners.Count > 0)
        {
            var t = new Table().AddColumns("listener", "accept queue", "backlog", "SYN_RECV", "alert at");
            foreach (var l in s.Listeners)
                t.AddRow(Markup.Escape(l.Local), l.AcceptQueue.ToString(), l.Backlog.ToString(), l.SynRecv.ToString(), l.AlertAt.ToString());
            AnsiConsole.Write(t);
        }
        if (s.Port is null)
            return; // all sockets would be thousands of rows: the counts say it
        var rows = new Table().AddColumns("proto", "local", "remote", "state");
        if (processes)
            rows.AddColumns("pid", "process");
        foreach (var r in s.Rows)
        {
            string[] cells = processes
                ? [r.Proto, r.Local, r.Remote, r.State, r.Pid?.ToString() ?? "", r.Process ?? ""]
                : [r.Proto, r.Local, r.Remote, r.State];
            rows.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        AnsiConsole.Write(rows);
    }
}
