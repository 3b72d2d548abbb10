using System.CommandLine;
using Lab.BrowserLab.Experiment;
using Lab.BrowserLab.Report;
using Lab.Common.Cli;
using Lab.Common.Text;
using Lab.Gateway.Connections;

namespace Lab.BrowserLab.Cli;

/// <summary><c>BrowserLab run</c>: validates its options, runs <see cref="RetryExperiment"/>, writes the reports.</summary>
internal static class RunCommand
{
    internal static readonly Option<string> Policy = new Option<string>("--policy")
    { Description = $"The in-process gateway's head_error policy: {RejectPolicyNames.Listed}.", DefaultValueFactory = _ => RejectPolicyNames.Of(RejectPolicy.Fin) }
        .OneOf(RejectPolicyNames.All);
    internal static readonly Option<string> ScheduleOption = new("--schedule")
    { Description = "seed (three single navigations, --pause apart: the notes read as three typed visits, one reading of them that browser fit tests against the others), once, or navigations per step like 1,2,1.", DefaultValueFactory = _ => "seed" };
    internal static readonly DurationOption Pause = new("--pause",
        "Pause between steps (default 15s, longer than Chromium's 10 s unused-idle-socket timeout; 0 shows what socket reuse changes).",
        TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), off: "no pause")
    { DefaultValueFactory = _ => "15s" };
    internal static readonly DurationOption WatchAfter = new("--watch-after",
        "Keep the last step's page open this long after its navigation ended and report what the browser did on its own " +
        "(Chromium's error page reloads itself after 1 s, 5 s, 30 s, 1 min, ...); the seed's \"until 11:37 no more connections\" is measured only with it.",
        TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), off: "close at once")
    { DefaultValueFactory = _ => "0s" };
    internal static readonly DurationOption HideAfter = new("--hide-after",
        "During --watch-after, this long after the last navigation ended, open a new blank page in front so the error page's tab is hidden " +
        "(Chromium's auto-reload waits while a tab is hidden)", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
    internal static readonly DurationOption LeaveAfter = new("--leave-after",
        "During --watch-after, this long after the last navigation ended, navigate the error page's tab to about:blank", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
    internal static readonly DurationOption OfflineAfter = new("--offline-after",
        "During --watch-after, this long after the last navigation ended, take the browser context offline (DevTools network emulation, " +
        "not the machine's network)", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
    internal static readonly DurationOption NetworkDownAfter = new("--network-down-after",
        "During --watch-after, this long after the last navigation ended, take the browser's network down (its link in a network namespace the lab " +
        "creates for the run: needs root; the host's network is untouched), and up again --network-down-for later", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
    internal static readonly DurationOption NetworkDownFor = new("--network-down-for",
        "How long --network-down-after keeps the network down", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1))
    { DefaultValueFactory = _ => "10s" };
    private static readonly Option<string> PathOption = new("--path")
    { Description = "The path typed after the address.", DefaultValueFactory = _ => "/anything" };
    internal static readonly Option<string?> Out = new("--out")
    { Description = "Output directory (default logs/<UTC stamp>-browser)." };
    internal static readonly DurationOption IdleTimeout = new("--idle-timeout",
        "The in-process gateway's idle timeout (default 10s, below Playwright's 30 s navigation timeout).", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), off: "never")
    { DefaultValueFactory = _ => "10s" };
    private static readonly Option<string?> GatewayOption = new("--gateway")
    { Description = "Use a running gateway at HOST:PORT (loopback only) instead of starting one in-process." };
    private static readonly Option<string?> GatewayLogs = new("--gateway-logs")
    { Description = "That running gateway's run directory (its logs= line)." };
    internal static readonly Option<bool> NewPage = new("--new-page-per-navigation")
    { Description = "Open a new page for every navigation instead of reusing one." };
    internal static readonly Option<bool> ReuseBrowser = new("--reuse-browser")
    { Description = "Keep one browser context across steps: the previous step's error page keeps reloading and its sockets can carry the next step's request (by default each step starts fresh)." };
    private static readonly Option<bool> Capture = new("--capture")
    { Description = "Record the loopback traffic with dumpcap into wire.pcapng and add the wire view per connection." };
    private static readonly Option<bool> Screenshots = new("--screenshots")
    { Description = $"Also save report.html's timeline at three zoom levels (the whole run, navigation 1, its first burst) as PNGs in {Report.Explorer.ReportViews.Directory}/." };
    private static readonly Option<bool> Json = JsonOption.Create("Print the whole report.json object on stdout and nothing else.");

    public static Command Create()
    {
        var command = new Command("run", "Reproduce the browser-retry experiment: Chromium against the gateway, joined with Chrome's NetLog.")
        {
            Policy, ScheduleOption, Pause, WatchAfter, HideAfter, LeaveAfter, OfflineAfter, NetworkDownAfter, NetworkDownFor, PathOption, Out, IdleTimeout, GatewayOption, GatewayLogs, NewPage, ReuseBrowser, Capture, Screenshots, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(ToOptions(parse), parse.GetValue(Json), parse.GetValue(Screenshots), cancel));
        return command;
    }

    internal static ExperimentOptions ToOptions(ParseResult parse)
    {
        var path = SharedOptions.CheckedPath(parse.GetValue(PathOption)!);
        var gateway = parse.GetValue(GatewayOption) is { } g ? LoopbackEndpoint.Parse(g, "--gateway") : null;
        if (gateway is null && parse.GetValue(GatewayLogs) is not null)
            throw new UsageException("--gateway-logs only goes with --gateway HOST:PORT");
        var watchAfter = WatchAfter.ValueIn(parse) ?? TimeSpan.Zero;
        return new ExperimentOptions
        {
            Policy = RejectPolicyNames.Parse(parse.GetValue(Policy)!),
            Schedule = Schedule.Parse(parse.GetValue(ScheduleOption)!),
            Pause = Pause.ValueIn(parse) ?? TimeSpan.Zero,
            WatchAfter = watchAfter,
            Interruption = Interruption(parse, watchAfter),
            NetworkOutage = Outage(parse, watchAfter, gateway is not null),
            Path = path,
            OutputDirectory = SharedOptions.OutputDirectory(parse.GetValue(Out), "browser"),
            IdleTimeout = IdleTimeout.ValueIn(parse),
            Gateway = gateway,
            GatewayLogs = parse.GetValue(GatewayLogs),
            NewPagePerNavigation = parse.GetValue(NewPage),
            ReuseBrowser = parse.GetValue(ReuseBrowser),
            Capture = parse.GetValue(Capture),
        };
    }

    /// <summary>At most one of --hide-after, --leave-after, --offline-after, and within --watch-after.</summary>
    private static WatchInterruption? Interruption(ParseResult parse, TimeSpan watchAfter)
    {
        var given = new[] { (HideAfter, WatchInterruptionKind.Hide), (LeaveAfter, WatchInterruptionKind.Leave), (OfflineAfter, WatchInterruptionKind.Offline) }
            .Select(o => (o.Item1.Name, o.Item2, After: o.Item1.ValueIn(parse))).Where(o => o.After is not null).ToList();
        if (given.Count == 0)
            return null;
        if (given.Count > 1)
            throw new UsageException($"{string.Join(" and ", given.Select(g => g.Name))} together: give one (each run measures one condition)");
        var (name, kind, after) = given[0];
        if (watchAfter == TimeSpan.Zero)
            throw new UsageException($"{name} needs --watch-after: without it the browser closes right after the last navigation");
        if (after >= watchAfter)
            throw new UsageException($"{name} {Duration.Format(after)} is not within --watch-after ({Duration.Format(watchAfter)}): the page must still be watched after it");
        return new WatchInterruption(kind, after!.Value);
    }

    /// <summary>--network-down-after: within --watch-after with its --network-down-for, alone, with the in-process gateway.</summary>
    private static NetworkOutage? Outage(ParseResult parse, TimeSpan watchAfter, bool runningGateway)
    {
        if (NetworkDownAfter.ValueIn(parse) is not { } after)
            return null;
        var down = NetworkDownFor.ValueIn(parse)!.Value;
        if (HideAfter.ValueIn(parse) is not null || LeaveAfter.ValueIn(parse) is not null || OfflineAfter.ValueIn(parse) is not null)
            throw new UsageException("--network-down-after with --hide-after, --leave-after or --offline-after: give one (each run measures one condition)");
        if (runningGateway)
            throw new UsageException("--network-down-after runs the browser and its gateway in a lab namespace: it cannot use a running --gateway");
        if (after + down >= watchAfter)
            throw new UsageException($"--network-down-after {Duration.Format(after)} + --network-down-for {Duration.Format(down)} is not within --watch-after " +
                                     $"({Duration.Format(watchAfter)}): the page must still be watched after the network comes back");
        return new NetworkOutage(after, down);
    }

    private static async Task<int> RunAsync(ExperimentOptions options, bool json, bool screenshots, CancellationToken cancel)
    {
        if (options.NetworkOutage is not null && BrowserNamespace.InsideLink is null)
            return await BrowserNamespace.RunThisInsideAsync(Lifetime(options), cancel);
        var started = DateTime.UtcNow;
        void Progress(string line) => Console.Error.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,5:0.0}s] {line}");

        var report = await new RetryExperiment(options, Progress).RunAsync(cancel);
        var files = ReportFiles.Write(report, Path.GetFullPath(options.OutputDirectory)).ToList();
        if (screenshots)
        {
            Progress("saving report.html's timeline at three zoom levels");
            files.AddRange(await Report.Explorer.ReportViews.SaveAsync(Path.GetFullPath(options.OutputDirectory), Report.Explorer.ExplorerModelBuilder.Build(report)));
        }
        if (report.Summary.Unexplained > 0)
            Console.Error.WriteLine($"warning: {report.Summary.Unexplained} connection(s) could not be joined; see 'unexplained' in the report");

        if (json)
        {
            Console.Out.WriteLine(ReportJson.Serialize(report));
            return ExitCodes.Ok;
        }
        foreach (var line in ExperimentDocument.SummaryLines(report))
            Prose.WriteLine(line);
        Console.Out.WriteLine();
        foreach (var file in files)
            Console.Out.WriteLine($"report: {file}");
        return ExitCodes.Ok;
    }

    /// <summary>The longest the run inside the namespace may take: every pause, every navigation's timeout, the watch, and a margin.</summary>
    private static TimeSpan Lifetime(ExperimentOptions options) =>
        options.Pause * options.Schedule.Steps.Count + TimeSpan.FromSeconds(30) * options.Schedule.Navigations + options.WatchAfter + TimeSpan.FromMinutes(5);
}
