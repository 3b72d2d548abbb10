using Lab.TestSupport;
using System.Diagnostics;
using System.Text.Json;
using System.Runtime.CompilerServices;
using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.Experiment;
using Lab.BrowserLab.Join;
using Lab.BrowserLab.Report;
using Lab.Gateway.Connections;
using Xunit.Abstractions;
using Lab.Logs;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>The browser-retry experiment with real Chromium against the real gateway. Chromium's
/// counts vary between runs, so these tests assert consistency between the gateway, the NetLog and the
/// wire, not fixed numbers. Artefacts (NetLog, gateway logs, reports, screenshot) stay in the folder
/// each test prints.</summary>
public class RetryExperimentTests(ITestOutputHelper output)
{
    [Fact]
    public async Task OnceWithFinJoinsEveryConnectionAndCountsRetriesFromTheNetLog()
    {
        var (report, dir) = await RunAsync(RejectPolicy.Fin);

        Assert.Contains(report.Connections, c => c.HeadLength == 1195725856u && c.HeadAscii!.StartsWith("GET /anything", StringComparison.Ordinal));
        Assert.Equal(0, report.Summary.Unexplained);
        Assert.All(report.Connections, c => Assert.NotNull(c.NetLogSocketId));
        Assert.All(report.Connections, c => Assert.NotNull(c.PortId));

        var restarts = ReportShape.RestartsInNetLog(Path.Combine(dir, "netlog.json"), report.Gateway);
        Assert.Equal(restarts, report.Summary.Retries);
        Assert.Equal(restarts, report.NetLogNotes.RestartsAfterError);
        Assert.Equal(restarts, report.Connections.Count(c => c.Role == ConnectionRole.Retry));
        Assert.All(report.Connections.Where(c => c.Role == ConnectionRole.Retry), c => Assert.Equal("ERR_EMPTY_RESPONSE", c.RetryError));
        Assert.Equal("ERR_EMPTY_RESPONSE", Assert.Single(report.Navigations).Error);
        Assert.Single(report.Connections, c => c.Role == ConnectionRole.Original);
        ReportShape.Validate(Path.Combine(dir, ReportFiles.Json));
        AssertOneClock(report);
        var happened = Assert.Single(report.WhatHappened);
        var resends = report.Connections.Count(c => c.Role == ConnectionRole.Retry && c.Request == RequestKind.Navigation);
        Assert.Contains("ERR_EMPTY_RESPONSE", happened);
        Assert.Contains(resends == 0 ? "not resent" : $"resent on {resends} more socket", happened);
        AssertResendsFollowChromiumsRule(report, dir);

        await ReportRendering.AssertHtmlRendersAsync(report, dir, output.WriteLine);
    }

    [Fact]
    public async Task CaptureSeesOneSynPerConnectionAndTheSameCloseKindAsTheGateway()
    {
        var (report, dir) = await RunAsync(RejectPolicy.Fin, capture: true);

        Assert.Equal(report.Summary.Connections, CountClientSyns(Path.Combine(dir, "wire.pcapng"), int.Parse(report.Gateway.Split(':')[1])));
        Assert.All(report.Connections, c =>
        {
            Assert.NotNull(c.Wire);
            Assert.Equal(1, c.Wire!.SynCount);
            Assert.True(c.Wire.MatchesGateway, $"#Port<0.{c.PortId}>: gateway says {c.CloseKind}, wire shows {c.Wire.GatewayCloseKind}");
        });
        // Each connection's display filter, handed to tshark itself, selects exactly that connection's one SYN.
        foreach (var c in report.Connections)
        {
            var syns = Command.Output("tshark", "-r", Path.Combine(dir, "wire.pcapng"), "-Y", $"({c.Wire!.DisplayFilter}) && tcp.flags.syn==1 && tcp.flags.ack==0",
                "-T", "fields", "-e", "tcp.srcport").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal([c.ClientPort.ToString()], syns);
        }
        Assert.Equal(0, report.Summary.WireMismatches);
        AssertResendsFollowChromiumsRule(report, dir);
        var markdown = File.ReadAllText(Path.Combine(dir, ReportFiles.Markdown));
        Assert.Contains("## Wire view", markdown);
        Assert.Contains("Window scale (RFC 7323)", markdown);
    }

    [Fact]
    public async Task CaptureSeesTheGatewaysResetOnTheWireUnderRst()
    {
        var (report, dir) = await RunAsync(RejectPolicy.Rst, capture: true);
        var port = int.Parse(report.Gateway.Split(':')[1]);

        // Checked by tshark itself: each rejected connection's first closing segment is an RST from the gateway's port.
        var rejected = report.Connections.Where(c => c.HeadLength is not null).ToList();
        Assert.NotEmpty(rejected);
        foreach (var c in rejected)
        {
            Assert.Equal("rst", c.CloseKind);
            Assert.Equal(("rst", "gateway"), (c.Wire!.FirstCloseKind, c.Wire.FirstCloseBy));
            var resets = Command.Output("tshark", "-r", Path.Combine(dir, "wire.pcapng"), "-Y",
                $"({c.Wire.DisplayFilter}) && tcp.flags.reset==1 && tcp.srcport=={port}", "-T", "fields", "-e", "tcp.dstport").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(resets);
            Assert.All(resets, r => Assert.Equal(c.ClientPort.ToString(), r));
            var fins = Command.Output("tshark", "-r", Path.Combine(dir, "wire.pcapng"), "-Y",
                $"({c.Wire.DisplayFilter}) && tcp.flags.fin==1 && tcp.srcport=={port}", "-T", "fields", "-e", "tcp.dstport").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Empty(fins); // SO_LINGER 0: no FIN from the gateway
        }
        Assert.Equal(0, report.Summary.WireMismatches);
    }

    [Fact]
    public async Task Http400StopsTheRetries()
    {
        var (report, _) = await RunAsync(RejectPolicy.Http400);

        Assert.DoesNotContain(report.Connections, c => c.Role == ConnectionRole.Retry);
        Assert.Equal(0, report.Summary.Retries);
        // The gateway's 400 carries a one-line body, so Chromium renders it (HTTP 400) instead of its
        // ERR_HTTP_RESPONSE_CODE_FAILURE error page, which it shows only for an empty error body.
        var navigation = Assert.Single(report.Navigations);
        Assert.Null(navigation.Error);
        Assert.Equal(400, navigation.Status);
        Assert.Contains(report.Connections, c => c.Role == ConnectionRole.Original && c.BytesOut > 0);
    }

    [Fact]
    public async Task SeedStepsStartFreshEachInItsOwnBrowserContext()
    {
        // A 7 s pause puts step 2 just after step 1's error page reloaded (about +1 s and +6 s): the time
        // when a socket it opened could still be waiting. Each step closes the previous one's context.
        // An 8 s watch after step 3 sees its error page reload (+1 s, +6 s) for the seed's last line.
        var (report, dir) = await RunAsync(RejectPolicy.Fin, schedule: "seed", pause: TimeSpan.FromSeconds(7), watchAfter: TimeSpan.FromSeconds(8));

        Assert.Equal(3, report.Steps.Count);
        Assert.All(report.Steps, s => Assert.Contains(report.Navigations, n => n.Step == s.Step)); // so the Assert.All below is over every step's navigations
        Assert.All(report.Navigations, n => Assert.True(n.FreshStart, $"navigation {n.Index} did not start fresh; see {dir}/report.md"));
        Assert.All(report.Steps, s => Assert.True(s.FreshStart));
        // Checked on the NetLog file itself, not the report's join: every socket to the gateway connected in
        // the step in which it was used (its first send, or its connect if it never sent).
        var stepStarts = report.Steps.Select(s => report.Navigations.Where(n => n.Step == s.Step).Min(n => n.StartedAt)).ToList();
        foreach (var (connected, firstSend) in ReportShape.SocketsInNetLog(Path.Combine(dir, "netlog.json"), report.Gateway))
        {
            var used = firstSend ?? connected;
            var stepStart = stepStarts.Where(s => s <= used).DefaultIfEmpty(stepStarts[0]).Max();
            Assert.True(connected >= stepStart.AddMilliseconds(-5), $"a socket connected at {connected:HH:mm:ss.fff} and used at {used:HH:mm:ss.fff}, in a step begun at {stepStart:HH:mm:ss.fff}; see {dir}");
        }
        var markdown = File.ReadAllText(Path.Combine(dir, ReportFiles.Markdown));
        Assert.Contains("## Steps", markdown);
        Assert.Contains("step 2 (navigations 2", markdown);
        Assert.Contains("## The seed, line by line", markdown);
        foreach (var n in report.Navigations.Where(n => report.Connections.Any(c => c.Navigation == n.Index)))
        {
            Assert.True(new FileInfo(Path.Combine(dir, ReportFiles.PanelFile(n.Index))).Length > 1000, $"no panel for navigation {n.Index}");
            Assert.Contains($"]({ReportFiles.PanelFile(n.Index)})", markdown);
        }
        Assert.Equal(7, report.Seed.Count);
        Assert.All(report.Seed, l => Assert.Matches("^(matches|differs, because .+|not measured: .+)$", l.Verdict));
        Assert.Contains(report.Seed[0].Run, markdown);

        // The seed's last line counts what the browser opened after its last navigation ended: the NetLog's own
        // connects to the gateway after that moment, counted from the file.
        var lastEnded = report.Navigations.Max(n => n.EndedAt);
        var afterInNetLog = ReportShape.SocketsInNetLog(Path.Combine(dir, "netlog.json"), report.Gateway).Count(s => s.Connected > lastEnded);
        // Each verdict the one this run's own cells (and the NetLog's silent sockets of step 2) call for, not any shape.
        var silentInStepTwo = ReportShape.SocketsInNetLog(Path.Combine(dir, "netlog.json"), report.Gateway)
            .Count(s => s.FirstSend is null && s.Connected >= stepStarts[1] && s.Connected < stepStarts[2]);
        SeedVerdicts.AssertConcrete(report.Seed, silentInStepTwo, afterInNetLog);
        output.WriteLine($"after the last step: {report.Seed[^1].Run} → {report.Seed[^1].Verdict}");
        Assert.StartsWith($"{afterInNetLog} connection(s) in the 8 s after step 3's navigation ended", report.Seed[^1].Run);
        Assert.DoesNotMatch("^not measured", report.Seed[^1].Verdict);
        Assert.Equal(8000, report.WatchAfterMs);

        // The notes' clock is computed with this run's own reloads: as many as the NetLog's auto-reload requests,
        // each a loopback failure (well under a second) beyond its delay; browser fit on the directory says the same.
        var clock = report.NotesClock;
        output.WriteLine(clock.Conclusion);
        Assert.NotNull(clock.Measured);
        Assert.Equal(report.Summary.AutoReloads, clock.Measured.Reloads);
        Assert.NotEmpty(clock.Measured.AddedS); // each step's page reloaded at about +1 s, inside its 7 s (or 8 s)
        Assert.Equal(clock.Measured.Reloads, clock.Measured.AddedS.Count);
        Assert.All(clock.Measured.AddedS, a => Assert.InRange(a, 0, 1));
        Assert.Contains("## The notes' clock", markdown);
        Assert.Contains(clock.Conclusion, markdown);
        var fit = await CliRun.RunAsync("BrowserLab", "fit", dir, "--json");
        Assert.Equal(0, fit.ExitCode);
        Assert.Equal(clock.Conclusion, JsonDocument.Parse(fit.Stdout).RootElement.GetProperty("conclusion").GetString());
        await ReportRendering.AssertHtmlRendersAsync(report, dir, output.WriteLine);
    }

    [Fact]
    public async Task ReusingTheBrowserAcrossStepsIsRecordedNotAsserted()
    {
        // --reuse-browser keeps one context: whether an earlier step's socket carries a later request
        // depends on timing, so this records what happened and checks only that the report says it.
        var (report, dir) = await RunAsync(RejectPolicy.Fin, schedule: "seed", pause: TimeSpan.FromSeconds(7), reuseBrowser: true);

        foreach (var s in report.Steps)
            output.WriteLine($"step {s.Step}: {(s.FreshStart ? "fresh" : "NOT fresh")}; {string.Join("; ", s.Sockets)}");
        Assert.Equal(3, report.Steps.Count);
        Assert.All(report.Navigations, n => Assert.Equal(report.Steps.Single(s => s.Step == n.Step).FreshStart, n.FreshStart));
        Assert.All(report.Steps.Where(s => !s.FreshStart), s => Assert.Contains(s.Sockets, l => l.Contains("before this step") || l.Contains("earlier step")));
        output.WriteLine($"artefacts: {dir}");
    }

    /// <summary>--hide-after: what the gateway saw after the error page's tab was hidden, counted by the report
    /// and straight from the NetLog file (its connects after that moment) alike; the reload at +1 s came before.</summary>
    [Fact]
    public async Task AfterTheErrorPageIsHiddenTheReportCountsWhatTheNetLogSaw()
    {
        var (report, dir) = await RunAsync(RejectPolicy.Fin, watchAfter: TimeSpan.FromSeconds(9),
            interruption: new WatchInterruption(WatchInterruptionKind.Hide, TimeSpan.FromSeconds(2.5)));

        var stop = Assert.IsType<InterruptionReport>(report.Interruption);
        Assert.Equal(("hide", 2500L, 6500.0), (stop.Kind, stop.IntoWatchMs, stop.WatchedAfterMs));
        var hiddenAt = report.StartedAt.AddMilliseconds(stop.AtMs);
        var afterInNetLog = ReportShape.SocketsInNetLog(Path.Combine(dir, "netlog.json"), report.Gateway).Count(s => s.Connected > hiddenAt);
        output.WriteLine($"after hiding: {stop.ConnectionsAfter} connection(s), {stop.ReloadRequestsAfter} reload request(s); the NetLog: {afterInNetLog} connect(s)");
        Assert.Equal(afterInNetLog, stop.ConnectionsAfter);
        Assert.True(report.Connections.Count(c => c.Request == RequestKind.AutoReload && (c.FirstByteMs ?? 0) < stop.AtMs) >= 1,
            $"no reload before the page was hidden at {stop.AtMs} ms; see {dir}/report.md");
        Assert.Contains("interrupted 2.5 s into the watch: a new blank page brought to the front", File.ReadAllText(Path.Combine(dir, ReportFiles.Markdown)));
    }

    [Fact]
    public async Task MissingChromiumIsAClearError()
    {
        var e = await Assert.ThrowsAsync<Lab.Common.Cli.UsageException>(() =>
            ChromiumSession.LaunchAsync(Path.Combine(Path.GetTempPath(), "netlog.json"), "/nonexistent/chromium"));
        Assert.Contains("chromium", e.Message);
        Assert.Contains("./lab setup", e.Message);
    }

    private async Task<(ExperimentReport Report, string Dir)> RunAsync(RejectPolicy policy, bool capture = false,
        string schedule = "once", TimeSpan? pause = null, bool reuseBrowser = false, TimeSpan? watchAfter = null, WatchInterruption? interruption = null,
        [CallerMemberName] string test = "")
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"{test}-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        output.WriteLine($"artefacts: {dir}");
        var options = new ExperimentOptions
        {
            Policy = policy,
            Schedule = Schedule.Parse(schedule),
            Pause = pause ?? TimeSpan.Zero,
            OutputDirectory = dir,
            Capture = capture,
            ReuseBrowser = reuseBrowser,
            WatchAfter = watchAfter ?? TimeSpan.Zero,
            Interruption = interruption,
        };
        var report = await new RetryExperiment(options, output.WriteLine).RunAsync();
        ReportFiles.Write(report, dir);
        output.WriteLine(File.ReadAllText(Path.Combine(dir, ReportFiles.Markdown)));
        return (report, dir);
    }

    /// <summary>Each side's own events in order, exactly; across sides, causes before effects within the
    /// run's stated uncertainty (at least 5 ms).</summary>
    private void AssertOneClock(ExperimentReport report)
    {
        var u = report.Clock.UncertaintyMs;
        output.WriteLine($"clock offset {report.Clock.OffsetMs} ± {u} ms from {report.Clock.Samples} bounds");
        Assert.True(u >= ClockOffset.MinimumUncertaintyMs);
        Assert.True(report.Clock.Samples > 0);
        foreach (var c in report.Connections)
        {
            var id = $"#Port<0.{c.PortId}>";
            Assert.True(c.FirstByteMs is null || c.ConnectMs <= c.FirstByteMs, $"{id}: browser sent before it connected");
            Assert.True(c.GatewayHeadErrorMs is null || c.GatewayInitMs <= c.GatewayHeadErrorMs, $"{id}: head_error before init ok");
            Assert.True(c.CloseMs is null || (c.GatewayHeadErrorMs ?? c.GatewayInitMs) <= c.CloseMs, $"{id}: closed before its head_error");
            Assert.True(c.ConnectMs <= c.GatewayInitMs + u, $"{id}: accepted at {c.GatewayInitMs} before the browser connected at {c.ConnectMs}");
            Assert.True(c.FirstByteMs is null || c.GatewayHeadErrorMs is null || c.FirstByteMs <= c.GatewayHeadErrorMs + u,
                $"{id}: head_error at {c.GatewayHeadErrorMs} before the browser sent at {c.FirstByteMs}");
            // do_terminate is written after the FIN or RST is on the wire (a busy machine lets the browser notice
            // first); the head_error is written before the close.
            Assert.True(c.ClosedBy != "gateway" || c.BrowserClosedMs is null || c.GatewayHeadErrorMs is null || c.GatewayHeadErrorMs <= c.BrowserClosedMs + u,
                $"{id}: the browser saw the close at {c.BrowserClosedMs} before the gateway's head_error at {c.GatewayHeadErrorMs}");
        }
    }

    /// <summary>
    /// Whether Chromium resends is decided by the socket, not by chance: after an empty response it resends
    /// only when the failed socket had sat idle in the pool before the attempt took it (a preconnect's, which
    /// is a race on a busy machine), at most kMaxRetryAttempts = 2 times. Checked attempt by attempt: every
    /// attempt that was resent had taken an idle socket, and the last one was not resent because its socket
    /// was connected for it or the limit was reached. The idle flag comes from the NetLog's own event order.
    /// </summary>
    private static void AssertResendsFollowChromiumsRule(ExperimentReport report, string dir)
    {
        foreach (var navigation in report.Navigations.Where(n => n.Error is "ERR_EMPTY_RESPONSE"))
        {
            var attempts = report.Connections
                .Where(c => c.Navigation == navigation.Index && c.Request == RequestKind.Navigation && c.Role is ConnectionRole.Original or ConnectionRole.Retry)
                .OrderBy(c => c.FirstByteMs).ToList();
            Assert.Equal(ConnectionRole.Original, attempts[0].Role);
            Assert.All(attempts.Skip(1), a => Assert.Equal(ConnectionRole.Retry, a.Role));
            Assert.All(attempts.SkipLast(1), a => Assert.True(a.TookIdleSocket, $"#Port<0.{a.PortId}> was resent but its socket was connected for it; see {dir}"));
            var last = attempts[^1];
            Assert.True(!last.TookIdleSocket || attempts.Count - 1 == 2,
                $"#Port<0.{last.PortId}> took an idle socket after {attempts.Count - 1} resend(s) and was not resent; see {dir}");
        }
    }

    private static int CountClientSyns(string pcap, int gatewayPort) =>
        Command.Output("tshark", "-r", pcap, "-Y", $"tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport=={gatewayPort}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
