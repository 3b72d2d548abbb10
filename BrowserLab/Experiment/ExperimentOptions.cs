using System.Net;
using Lab.Gateway.Connections;

namespace Lab.BrowserLab.Experiment;

/// <summary>Everything <c>BrowserLab run</c> can set; validated by the CLI.</summary>
internal sealed record ExperimentOptions
{
    public RejectPolicy Policy { get; init; } = RejectPolicy.Fin;
    public Schedule Schedule { get; init; } = Schedule.Parse("seed");
    public TimeSpan Pause { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the last step's page stays open after its navigation ended, so the report can say
    /// what the browser did afterwards (the notes: "until 11:37 no more connections"); zero closes at once.</summary>
    public TimeSpan WatchAfter { get; init; } = TimeSpan.Zero;

    /// <summary>Hide, leave or take offline the error page this long into the watch (null: left alone).</summary>
    public WatchInterruption? Interruption { get; init; }

    /// <summary>The browser's network taken away and given back during the watch (the run is then inside a lab namespace).</summary>
    public NetworkOutage? NetworkOutage { get; init; }
    public string Path { get; init; } = "/anything";
    public required string OutputDirectory { get; init; }

    /// <summary>The in-process gateway's idle timeout; below Playwright's 30 s navigation timeout so
    /// <c>hold</c> ends on the gateway's side.</summary>
    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A running gateway to use instead of an in-process one, and its run directory.</summary>
    public IPEndPoint? Gateway { get; init; }
    public string? GatewayLogs { get; init; }

    public bool NewPagePerNavigation { get; init; }

    /// <summary>Keep one browser context across steps (the behaviour before steps started fresh): the
    /// previous step's error page keeps reloading and its sockets can carry the next step's request.</summary>
    public bool ReuseBrowser { get; init; }
    public bool Capture { get; init; }
    public string ChromiumExecutable { get; init; } = Chromium.ChromiumSession.DefaultExecutable;
}
