using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.Experiment;
using Lab.BrowserLab.Join;
using Lab.BrowserLab.NetLog;
using Lab.Logs.Analysis;

namespace Lab.BrowserLab.Report;

/// <summary>What an experiment measured, before it is summarised.</summary>
internal sealed record ReportInputs(
    ExperimentOptions Options, string Gateway, string Url, DateTimeOffset Start, string GatewayLogs, string NetLogPath,
    string? CapturePath, IReadOnlyList<NavigationRecord> Navigations, IReadOnlyList<JoinedConnection> Connections, ClockOffset Clock,
    NetLogModel NetLog, GatewayRun Run, IReadOnlyList<GatewayConnection> GatewayConnections, DateTimeOffset? InterruptedAt = null,
    (DateTimeOffset Down, DateTimeOffset Up)? NetworkOutage = null);
