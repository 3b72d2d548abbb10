using Lab.BrowserLab.Fit;
using Lab.BrowserLab.Join;
using Lab.Logs.Analysis;
using Lab.Gateway.Connections;

namespace Lab.BrowserLab.Report;

/// <summary>Turns the joined connections into the report's summary, gaps and notes.</summary>
internal static class ReportBuilder
{
    public static ExperimentReport Build(ReportInputs input)
    {
        var origin = $"http://{input.Gateway}/";
        var toGateway = input.NetLog.Requests.Where(r => r.Url.StartsWith(origin, StringComparison.Ordinal)).ToList();
        var restarts = toGateway.SelectMany(r => r.RestartErrors).ToList();
        var connections = input.Connections;

        var summary = new ReportSummary
        {
            Navigations = input.Navigations.Count,
            Connections = connections.Count(c => c.PortId is not null),
            Retries = restarts.Count,
            UnusedPreconnects = connections.Count(c => c.Role == ConnectionRole.Unused),
            // A wire that disagrees with the gateway's own close kind is as unexplained as a missing socket.
            Unexplained = connections.Count(c => c.Role == ConnectionRole.Unexplained || c.Wire is { MatchesGateway: false }),
            AutoReloads = RequestClassifier.Classify(input.NetLog, input.Navigations, input.Gateway)
                .Count(r => RequestKind.IsErrorPageReload(r.Kind)),
            ConnectionsPerNavigation = input.Navigations
                .Select(n => connections.Count(c => c.PortId is not null && c.Navigation == n.Index)).ToList(),
            RetryErrors = restarts.GroupBy(input.NetLog.File.ErrorName).ToDictionary(g => g.Key, g => g.Count()),
            NavigationOutcomes = input.Navigations.Select(n => n.Error ?? $"HTTP {n.Status}").ToList(),
            WireMismatches = connections.Count(c => c.Wire is { MatchesGateway: false }),
        };

        var steps = StepFreshness.Describe(input.Navigations, connections, input.Start);
        var gaps = PortIdGap.Find(input.GatewayConnections.Select(c => c.PortId), input.Run.Journal);
        var navigations = input.Navigations
            .Select(n => n with { FreshStart = steps.Single(s => s.Step == n.Step).FreshStart })
            .ToList();
        var network = NetworkChangeReport.From(input, connections);
        return new ExperimentReport
        {
            Gateway = input.Gateway,
            Policy = RejectPolicyNames.Of(input.Options.Policy),
            Schedule = input.Options.Schedule.Name,
            PauseMs = (long)input.Options.Pause.TotalMilliseconds,
            WatchAfterMs = (long)input.Options.WatchAfter.TotalMilliseconds,
            Interruption = Interruption(input, connections),
            NetworkChange = network,
            Url = input.Url,
            StartedAt = input.Start,
            GatewayLogs = input.GatewayLogs,
            NetLog = input.NetLogPath,
            Capture = input.CapturePath,
            Summary = summary,
            WhatHappened = WhatHappened.Describe(navigations, connections, RejectPolicyNames.Of(input.Options.Policy), input.Start),
            Navigations = navigations,
            Steps = steps,
            Seed = SeedComparison.Compare(steps, connections, gaps, Watch(input)),
            NotesClock = NotesClockFitter.Fit(connections, NotesClockFitter.DefaultTolerance, network?.Finding),
            Connections = connections,
            Clock = input.Clock,
            Gaps = gaps,
            NetLogNotes = new NetLogNotes(input.NetLog.File.Truncated, input.NetLog.File.SkippedLines,
                input.NetLog.Sockets.Count(s => s.RemoteAddress == input.Gateway), RestartsInFile(input.NetLog.File, origin)),
        };
    }

    /// <summary>What the gateway saw after the error page was hidden, left or taken offline: connections accepted
    /// and reload requests that arrived after that moment.</summary>
    private static InterruptionReport? Interruption(ReportInputs input, IReadOnlyList<JoinedConnection> connections)
    {
        if (input.Options.Interruption is not { } stop || input.InterruptedAt is not { } at)
            return null;
        var atMs = (at - input.Start).TotalMilliseconds;
        var seen = connections.Where(c => c.PortId is not null).ToList();
        return new InterruptionReport(stop.Name, stop.Describe(), (long)stop.After.TotalMilliseconds, Math.Round(atMs, 1),
            (input.Options.WatchAfter - stop.After).TotalMilliseconds,
            seen.Count(c => (c.ConnectMs ?? c.GatewayInitMs) > atMs),
            seen.Count(c => RequestKind.IsErrorPageReload(c.Request) && c.Role != ConnectionRole.Retry && (c.GatewayHeadErrorMs ?? c.FirstByteMs) > atMs));
    }

    /// <summary>From the end of the last navigation, as long as the browser stayed open after it.</summary>
    private static WatchWindow Watch(ReportInputs input) =>
        new(input.Navigations.Count == 0 ? 0 : (input.Navigations.Max(n => n.EndedAt) - input.Start).TotalMilliseconds, input.Options.WatchAfter.TotalMilliseconds);

    /// <summary>HTTP_TRANSACTION_RESTART_AFTER_ERROR events of requests to the gateway, counted from the file's
    /// events themselves: a check on <see cref="ReportSummary.Retries"/>, which comes from the model's requests.</summary>
    private static int RestartsInFile(NetLog.NetLogFile file, string origin)
    {
        var toGateway = file.Events
            .Where(e => e.Type == "REQUEST_ALIVE" && e.Phase == NetLog.NetLogEvent.PhaseBegin
                        && e.Param("url")?.StartsWith(origin, StringComparison.Ordinal) == true)
            .Select(e => e.SourceId)
            .ToHashSet();
        return file.Events.Count(e => e.Type == "HTTP_TRANSACTION_RESTART_AFTER_ERROR" && toGateway.Contains(e.SourceId));
    }
}
