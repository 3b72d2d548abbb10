using System.Globalization;
using Lab.BrowserLab.Fit;
using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Tests.Fit;

/// <summary>
/// <c>browser fit</c>'s judgement: a run shaped like each story (the notes' own gaps and bursts put into the
/// run's reloads) makes that story fit best; a real run's measured reloads move the predictions; the conclusion
/// follows the numbers; a run without a reload is NO DATA.
/// </summary>
public class NotesClockFitTests
{
    private static readonly TimeSpan Tight = TimeSpan.FromMilliseconds(100);

    /// <summary>Chromium's usual reload gaps (30 ms beyond each delay): the notes' 11:05 and 11:10 bursts only fit
    /// visits typed at those times, each with the two sockets the navigation opened 3 ms apart.</summary>
    [Fact]
    public void ARunWithChromiumsOwnGapsFitsThreeVisits()
    {
        var run = new SyntheticRun().Navigation(0.003).Reload(1.033, 0.999);
        foreach (var at in SyntheticRun.ReloadTimes(0.033, 0.03, 0.03, 0.03, 0.03).Skip(1))
            run.Reload(at);

        var fit = NotesClockFitter.Fit(run.Connections, Tight);

        Assert.Equal(new FitBest("visits", "today"), fit.Best);
        var visits = Hypothesis(fit, "visits", "today");
        Assert.Equal((9, 2, 7), (visits.Explained, visits.FreeParameters, visits.Score));
        Assert.Equal(4, Hypothesis(fit, "reloads", "today").Explained);
        Assert.StartsWith("This run measured 5 reload(s)", fit.Conclusion);
        Assert.Contains("`visits` with today's table (explains 9 of 9 lines with 2 free parameter(s): score 7) fits best", fit.Conclusion);
    }

    /// <summary>Each prediction names the run's connection whose measured event it repeats (report.html links a notes
    /// line to those lanes): a visit takes the navigation's shape — its socket (1) and the one opened 3 ms later (2) —
    /// and the 1 s line is reload 1's request (3); 11:10:18.629 is visit 3's reload 1, its resend's socket (4).</summary>
    [Fact]
    public void EachPredictionNamesTheConnectionItRepeats()
    {
        var run = new SyntheticRun().Navigation(0.003).Reload(1.033, 0.999);
        foreach (var at in SyntheticRun.ReloadTimes(0.033, 0.03, 0.03, 0.03, 0.03).Skip(1))
            run.Reload(at);

        var fit = NotesClockFitter.Fit(run.Connections, Tight);

        Assert.Equal([1, 1, 2, 3, 1, 2, 1, 2, 4], Hypothesis(fit, "visits", "today").Lines.Select(l => l.Connection));
        var ports = run.Connections.Select(c => c.PortId).ToHashSet();
        Assert.All(fit.Hypotheses.SelectMany(h => h.Lines), l => Assert.Equal(l.Predicted is not null, l.Connection is { } id && ports.Contains(id)));
    }

    /// <summary>Reloads that took the notes' own gaps (1.03 s, then 100.0 s to the 11:05 burst, 301.0 s to the 11:10
    /// one), bursts shaped as the notes': one visit explains every line with nothing fitted.</summary>
    [Fact]
    public void ARunWhoseReloadsTookTheNotesGapsFitsOneVisitAndItsReloads()
    {
        var times = SyntheticRun.ReloadTimes(0.033, 1.673, 1.673, 1.673, 0.981);
        Assert.Equal(101.052, times[3], 3);
        Assert.Equal(402.033, times[4], 3);
        var run = new SyntheticRun().Navigation(0.003).Reload(times[0]).Reload(times[1]).Reload(times[2])
            .Reload(times[3], 0.001).Reload(times[4], 0.001, 2.032);

        var fit = NotesClockFitter.Fit(run.Connections, Tight);

        Assert.Equal(new FitBest("reloads", "today"), fit.Best);
        var reloads = Hypothesis(fit, "reloads", "today");
        Assert.Equal((9, 0, 9), (reloads.Explained, reloads.FreeParameters, reloads.Score));
        Assert.All(reloads.Lines, l => Assert.True(l.Explained, $"{l.NotesTime} {l.Notes}: {l.ResidualS} s"));
        Assert.Equal(9, Hypothesis(fit, "network", "today").Score); // as good, but judged last
        Assert.Contains("`reloads` with today's table (explains 9 of 9 lines with 0 free parameter(s): score 9) fits best", fit.Conclusion);
        Assert.Contains($"{NotesClockFitter.AfterLastLine} (the first at 11:20:18.270)", fit.Conclusion); // the 10-minute reload: 402.033 + 600 + the median 1.673
    }

    /// <summary>A navigation with one socket (and the notes' .567 one 3 ms later), usual reloads, and a late reload
    /// that opens three sockets as the 11:10 burst: only a reload when the network came back, at each burst, fits.</summary>
    [Fact]
    public void ARunWhoseLateReloadLooksLikeTheBurstsFitsANetworkChange()
    {
        var times = SyntheticRun.ReloadTimes(0.032, 0.03, 0.03, 0.03);
        var run = new SyntheticRun().Navigation(0.003).Reload(times[0]).Reload(times[1]).Reload(times[2]).Reload(times[3], 0.001, 2.032);

        var fit = NotesClockFitter.Fit(run.Connections, TimeSpan.FromMilliseconds(1));

        Assert.Equal(new FitBest("network", "today"), fit.Best);
        var network = Hypothesis(fit, "network", "today");
        Assert.Equal(["network back at 11:05:15.616", "network back at 11:10:16.597"], network.Parameters);
        Assert.Equal((9, 7), (network.Explained, network.Score));
        Assert.Equal(4, Hypothesis(fit, "visits", "today").Score); // lines 1–5 and 7: no socket a millisecond after a visit
    }

    [Fact]
    public void TheConclusionFollowsTheNumbers()
    {
        var usual = new SyntheticRun().Navigation(0.003).Reload(1.033, 0.999);
        foreach (var at in SyntheticRun.ReloadTimes(0.033, 0.03, 0.03, 0.03, 0.03).Skip(1))
            usual.Reload(at);
        var slower = new SyntheticRun().Navigation(0.003).Reload(1.033, 0.999);
        foreach (var at in SyntheticRun.ReloadTimes(0.033, 0.5, 0.5, 0.5, 0.5).Skip(1))
            slower.Reload(at);

        var a = NotesClockFitter.Fit(usual.Connections, Tight).Conclusion;
        var b = NotesClockFitter.Fit(slower.Connections, Tight).Conclusion;

        Assert.NotEqual(a, b);
        Assert.Contains("0.03–0.033 s beyond its delay", a);
        Assert.Contains("0.033–0.5 s beyond its delay", b);
    }

    [Fact]
    public void ARunWithoutAReloadIsNoData()
    {
        var run = new SyntheticRun().Navigation(0.003);

        var fit = NotesClockFitter.Fit(run.Connections, Tight);

        Assert.True(fit.NoData);
        Assert.Null(fit.Best);
        Assert.Empty(fit.Hypotheses);
        Assert.StartsWith("NO DATA", fit.Conclusion);
    }

    /// <summary>The real run (Chromium, one navigation, 100 s watched, reloads at +1.1, +6.2, +36.2 and +96.2 s):
    /// every reload made half a second slower moves the predictions by the sum of the half seconds before them.</summary>
    [Fact]
    public void ARealRunsMeasuredReloadsMoveThePredictions()
    {
        var real = FitInput.Read(FixtureRun()).Connections;
        var reloadStarts = real.Where(c => c.Request == RequestKind.AutoReload && c.Role != ConnectionRole.Retry)
            .Select(c => c.GatewayInitMs!.Value).Order().ToList();
        Assert.Equal(4, reloadStarts.Count);
        const double delayS = 0.5;
        var slower = real.Select(c => Shifted(c, delayS * 1000 * reloadStarts.Count(s => s - 500 <= c.GatewayInitMs))).ToList();

        var before = NotesClockFitter.Fit(real, TimeSpan.FromSeconds(2));
        var after = NotesClockFitter.Fit(slower, TimeSpan.FromSeconds(2));

        for (var i = 0; i < 4; i++)
            Assert.Equal(before.Measured!.AddedS[i] + delayS, after.Measured!.AddedS[i], 3);
        var line = FieldNotesClock.Lines.ToList().FindIndex(l => l.AtS > 100); // 11:05:15.616, nearest to reload 4
        var moved = Seconds(Hypothesis(after, "reloads", "today").Lines[line].Predicted!) - Seconds(Hypothesis(before, "reloads", "today").Lines[line].Predicted!);
        Assert.Equal(4 * delayS, moved, 3);
        Assert.Equal("reload 4 (1 min)", Hypothesis(after, "reloads", "today").Lines[line].By);
    }

    private static JoinedConnection Shifted(JoinedConnection c, double ms) => c with
    {
        ConnectMs = c.ConnectMs + ms, GatewayInitMs = c.GatewayInitMs + ms, FirstByteMs = c.FirstByteMs + ms,
        GatewayHeadErrorMs = c.GatewayHeadErrorMs + ms, CloseMs = c.CloseMs + ms,
    };

    internal static string FixtureRun()
    {
        var dir = Directory.CreateTempSubdirectory("lab-fit-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "report-fin-once-watch100s.json"), Path.Combine(dir, FitInput.ReportFile));
        return dir;
    }

    private static Hypothesis Hypothesis(NotesClockFit fit, string name, string table) => fit.Hypotheses.Single(h => h.Name == name && h.Table == table);

    private static double Seconds(string clock) => TimeSpan.ParseExact(clock, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture).TotalSeconds;
}
