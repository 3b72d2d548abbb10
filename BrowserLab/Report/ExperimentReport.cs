using Lab.Logs.Analysis;
using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Report;

/// <summary>report.json: the schema is documented in docs/browserlab.md ("report.json").</summary>
internal sealed record ExperimentReport
{
    public required string Gateway { get; init; }
    public required string Policy { get; init; }
    public required string Schedule { get; init; }
    public required long PauseMs { get; init; }

    /// <summary>How long the last step's page stayed open after its navigation ended (--watch-after); 0 = closed at once.</summary>
    public required long WatchAfterMs { get; init; }

    /// <summary>What was done to the error page during the watch (--hide-after, --leave-after, --offline-after); null when nothing.</summary>
    public InterruptionReport? Interruption { get; init; }

    /// <summary>Stopped by SIGINT or SIGTERM (not <see cref="Interruption"/>, which the run did to the page on purpose):
    /// the report covers the navigations that ran before the signal.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The browser's network taken away and given back (--network-down-after); null otherwise.</summary>
    public NetworkChangeReport? NetworkChange { get; init; }
    public required string Url { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string GatewayLogs { get; init; }
    public required string NetLog { get; init; }
    public string? Capture { get; init; }
    public required ReportSummary Summary { get; init; }

    /// <summary>One sentence per navigation (<see cref="WhatHappened"/>), at the top of both reports.</summary>
    public required IReadOnlyList<string> WhatHappened { get; init; }
    public required IReadOnlyList<NavigationRecord> Navigations { get; init; }
    public required IReadOnlyList<StepReport> Steps { get; init; }

    /// <summary>The field notes' experiment line by line beside this run (<see cref="SeedComparison"/>).</summary>
    public required IReadOnlyList<SeedLine> Seed { get; init; }

    /// <summary>The notes' timestamps against each story, predicted with this run's reloads (<see cref="Fit.NotesClockFitter"/>).</summary>
    public required Fit.NotesClockFit NotesClock { get; init; }
    public required IReadOnlyList<JoinedConnection> Connections { get; init; }

    /// <summary>gateway clock − browser clock, measured in this run; every time in the report is on the browser's clock.</summary>
    public required ClockOffset Clock { get; init; }
    public required IReadOnlyList<PortIdGap> Gaps { get; init; }
    public required NetLogNotes NetLogNotes { get; init; }
}
