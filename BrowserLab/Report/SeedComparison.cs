using System.Globalization;
using Lab.Logs;
using Lab.BrowserLab.Join;
using Lab.Logs.Analysis;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;

namespace Lab.BrowserLab.Report;

/// <summary>
/// The notes' experiment (shared/seed, item 12: three visits to server_ip:port/anything at 11:03, 11:05
/// and 11:10, read from gw's log) line by line beside this run's steps 1, 2 and 3. Every "this run" cell
/// and every verdict is computed from the joined connections; nothing here is canned but the seed's own
/// words.
/// </summary>
internal static class SeedComparison
{
    private const uint GetAsLength = 1195725856; // <<"GET ">> read as <<Len:32>>

    public static IReadOnlyList<SeedLine> Compare(IReadOnlyList<StepReport> steps, IReadOnlyList<JoinedConnection> connections,
        IReadOnlyList<PortIdGap> gaps, WatchWindow? watch = null)
    {
        var byStep = steps.Select(s => Used(s, steps, connections)).ToList();
        List<JoinedConnection> Step(int n) => n <= byStep.Count ? byStep[n - 1] : [];
        var lines = new List<SeedLine>();

        var one = Step(1);
        var first = one.FirstOrDefault();
        lines.Add(first is null
            ? new("11:03:34.564 init ok, then do_terminate with head_error: <<Len:32>> = <<\"GET \">> = 1195725856", "no connection in step 1", "", "differs, because step 1 made no connection", [])
            : new("11:03:34.564 init ok, then do_terminate with head_error: <<Len:32>> = <<\"GET \">> = 1195725856",
                $"{Port(first)}: {first.Reason ?? "still open"}, declared length {first.HeadLength?.ToString(CultureInfo.InvariantCulture) ?? "none"}, closed {Ms(first.CloseMs - first.GatewayInitMs)} ms after its init ok",
                Mechanism(first),
                first.HeadLength == GetAsLength && first.Reason == TerminateReason.HeadError.ToLogName() ? "matches" : $"differs, because its head was {first.HeadAscii ?? "never sent"}",
                Ids(first)));

        var second = one.Skip(1).FirstOrDefault();
        lines.Add(second is null || first is null
            ? new("11:03:34.567 init ok: the browser connects again right after the first disconnect", "no second connection in step 1", "",
                "differs, because step 1 made one connection", [])
            : new("11:03:34.567 init ok: the browser connects again right after the first disconnect",
                // Both times on the gateway's clock, as the notes' own lines are.
                second.GatewayInitMs - first.CloseMs is { } before && before < 0
                    ? $"{Port(second)}'s init ok {Ms(-before)} ms before {Port(first)}'s do_terminate (the browser opened it while the first was closing)"
                    : $"{Port(second)}'s init ok {Ms(second.GatewayInitMs - first.CloseMs)} ms after {Port(first)}'s do_terminate",
                Mechanism(second),
                second.Role == ConnectionRole.Retry ? "matches" : $"differs, because it was {second.Role}, not a resend",
                Ids(first, second)));

        var late = one.Where(c => c.FirstByteMs is not null).MaxBy(c => c.FirstByteMs - c.ConnectMs);
        var lateMs = late is null ? 0 : late.FirstByteMs!.Value - late.ConnectMs!.Value;
        var reload = one.FirstOrDefault(c => RequestKind.IsErrorPageReload(c.Request));
        lines.Add(new("11:03:35.597 the same error, a second after that connection opened: a socket used a second after it opened",
            late is null ? "no request in step 1" : $"the longest wait between connect and request was {Ms(lateMs)} ms ({Port(late)})"
                + (reload is null ? "" : $"; a request {Ms(reload.FirstByteMs - first?.ConnectMs)} ms after the first came on {Port(reload)}, opened {Ms(reload.FirstByteMs - reload.ConnectMs)} ms before it"),
            reload is null ? "" : Mechanism(reload),
            lateMs >= 500 ? "matches" : reload is not null
                ? "differs, because the request a second later (the error page's reload) came on a socket opened just before it, not on one opened a second earlier"
                : "differs, because every socket carried its request at once",
            Ids(late, reload)));

        var two = Step(2);
        var silent = two.Where(c => c.BytesIn == 0 && c.PortId is not null).ToList();
        lines.Add(new("11:05:15.616 / .617 two connections, #Port<0.7882> logged the error, #Port<0.7883> logged nothing",
            steps.Count < 2 ? "no step 2" : $"{two.Count} connection(s) in step 2, {silent.Count} that sent nothing" + (silent.Count > 0 ? $" ({string.Join(", ", silent.Select(Port))})" : ""),
            silent.Select(Mechanism).FirstOrDefault() ?? "",
            steps.Count < 2 ? "differs, because this run had one step" : two.Count >= 2 && silent.Count >= 1 ? "matches"
                : "differs, because no socket of step 2 stayed silent: every preconnected socket carried a request",
            steps.Count < 2 ? [] : Ids([.. two])));

        var lastOfTwo = two.Where(c => c.PortId is not null).Select(c => c.PortId!.Value).DefaultIfEmpty().Max();
        var gap = gaps.FirstOrDefault(g => g.From == lastOfTwo);
        lines.Add(new("#Port ids of 11:05 and 11:10 not consecutive",
            gap is null ? $"no gap after step 2's last id ({LogContract.FormatPort(lastOfTwo)})" : $"{LogContract.FormatPort(gap.From)} → {LogContract.FormatPort(gap.To)}: {string.Join("; ", gap.TakenBy)}",
            "one id counter for every socket (ports.log names what took each id)",
            gap is null ? "differs, because nothing else took an id between the steps here (the notes' gw served other clients)" : "matches",
            // The two connections either side of where the notes' ids jump: step 2's last and the next the gateway logged.
            lastOfTwo == 0 ? [] : Ids(connections.FirstOrDefault(c => c.PortId == lastOfTwo), connections.Where(c => c.PortId > lastOfTwo).MinBy(c => c.PortId))));

        // The notes' three connections span 2,032 ms (16.597 → 18.629): compare the same span of step 3, so
        // reloads seen later in a --watch-after window are counted on the last line, not here.
        var stepThree = Step(3);
        var three = stepThree.Where(c => (c.ConnectMs ?? c.GatewayInitMs) - (stepThree[0].ConnectMs ?? stepThree[0].GatewayInitMs) <= NotesStepThreeSpanMs).ToList();
        var later = stepThree.Count - three.Count;
        var errors = three.Count(c => c.HeadLength is not null);
        lines.Add(new("11:10:16.597 / .598 / 18.629 three connections, consecutive ids, all with the error",
            steps.Count < 3 ? "no step 3" : $"{three.Count} connection(s) in step 3's first {NotesStepThreeSpanMs:0} ms, {errors} with head_error, spanning {Ms(three.LastOrDefault()?.ConnectMs - three.FirstOrDefault()?.ConnectMs)} ms"
                + (later > 0 ? $" ({later} more later)" : ""),
            three.Count > 0 ? string.Join("; ", three.Select(c => $"{Port(c)} {c.Role}{(c.Request is null or RequestKind.Navigation ? "" : $" [{c.Request}]")}")) : "",
            steps.Count < 3 ? "differs, because this run had fewer steps" : three.Count == 3 && errors == 3 ? "matches"
                : $"differs, because Chromium made {three.Count} here (the original and its resends; an error-page reload, about 1 s later, joins them only if the browser stays open)",
            Ids([.. three])));

        lines.Add(AfterTheLastStep(connections, watch ?? new WatchWindow(0, 0), steps.Count));
        return lines;
    }

    private const double NotesStepThreeSpanMs = 2032;

    /// <summary>The notes' last line, "until 11:37 no more connections", against what the browser did in the
    /// watched time after the last navigation ended.</summary>
    private static SeedLine AfterTheLastStep(IReadOnlyList<JoinedConnection> connections, WatchWindow watch, int stepCount)
    {
        const string seed = "until 11:37 the browser opened no more connections";
        const string mechanism = "Chromium resends a request at most kMaxRetryAttempts = 2 times; its error page then reloads itself after 1 s, 5 s, 30 s, 1 min, 5 min, 10 min, " +
                                 "then every 30 min, while the tab is visible and online (NetErrorAutoReloader); each reload is a new request with its own resends";
        if (!watch.Watched)
            return new(seed, $"{connections.Count(c => c.PortId is not null)} connection(s) in all; the browser was closed right after the last navigation", mechanism,
                "not measured: this run closed the browser after its last step (run with --watch-after, e.g. 40s, to see what it does on its own)", []);

        var after = connections.Where(c => c.PortId is not null && (c.ConnectMs ?? c.GatewayInitMs) > watch.FromMs).OrderBy(c => c.ConnectMs ?? c.GatewayInitMs).ToList();
        var run = $"{after.Count} connection(s) in the {Ms(watch.LengthMs / 1000)} s after step {stepCount}'s navigation ended"
                  + (after.Count == 0 ? "" : ": " + string.Join(", ", after.Select(c => $"{Port(c)} {c.Role}{(c.Request is null or RequestKind.Navigation ? "" : $" [{c.Request}]")} at +{((c.ConnectMs ?? c.GatewayInitMs) - watch.FromMs) / 1000:0.0} s")));
        if (after.Count == 0)
            return new(seed, run, mechanism, "matches", []);
        var reloads = after.Count(c => RequestKind.IsErrorPageReload(c.Request) && c.Role != ConnectionRole.Retry);
        if (reloads == 0)
            return new(seed, run, mechanism, $"differs, because the browser opened {after.Count} more connection(s) that were not error-page reloads (see their roles)", Ids([.. after]));
        return new(seed, run, mechanism,
            $"differs, because the error page stayed open and visible here and reloaded itself {reloads} time(s); whether the notes' own clock fits " +
            "typed visits or such reloads is measured in \"The notes' clock\", with this run's reloads", Ids([.. after]));
    }

    private static List<JoinedConnection> Used(StepReport step, IReadOnlyList<StepReport> steps, IReadOnlyList<JoinedConnection> connections) =>
        StepFreshness.UsedDuring(step.StartMs, steps.Where(s => s.StartMs > step.StartMs).Select(s => s.StartMs).DefaultIfEmpty(double.MaxValue).Min(), connections);

    private static string Mechanism(JoinedConnection c) =>
        c.Role + (c.RetryError is null ? "" : $" after {c.RetryError}") + (c.Request is null or RequestKind.Navigation ? "" : $" [{c.Request}]")
        + $", opened by {(c.Opener == "preconnect" ? $"preconnect({c.OpenerNumSockets})" : c.Opener)}";

    /// <summary>The gateway's ids of the connections a line speaks of, in order, each once; a socket the gateway never
    /// logged has no id to name it by, so its lane is left out of the row's link.</summary>
    private static IReadOnlyList<long> Ids(params JoinedConnection?[] connections) =>
        connections.OfType<JoinedConnection>().Select(c => c.PortId).OfType<long>().Distinct().ToList();

    private static string Port(JoinedConnection c) => c.PortId is { } p ? LogContract.FormatPort(p) : $"port {c.ClientPort}";

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "?";
}
