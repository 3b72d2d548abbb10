using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.Report;
using Microsoft.Playwright;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>report.html opened in real Chromium: one row per connection, the same legend, steps, seed lines and
/// notes' clock rows as report.json, the chart loaded, and the same sections as report.md; the interactive timeline
/// (<see cref="ExplorerChecks"/>); nothing asked of any network; a screenshot kept.</summary>
internal static class ReportRendering
{
    public static async Task AssertHtmlRendersAsync(ExperimentReport report, string dir, Action<string> log)
    {
        // The page stands alone: anything it asked for beyond its own file is recorded and refused.
        await using var opened = await OfflinePage.OpenAsync(Path.Combine(dir, ReportFiles.Html));
        var page = opened.Page;
        var html = opened.Url;
        var asked = opened.Asked;
        Assert.All(asked, url => Assert.True(url == html || url.StartsWith("data:", StringComparison.Ordinal), $"report.html asked for {url}"));
        Assert.Equal(report.Connections.Count, await page.Locator("#connections tbody tr").CountAsync());
        Assert.Equal(ExperimentDocument.Legend.Length, await page.Locator("#legend li").CountAsync()); // the same legend as report.md
        Assert.Equal(report.Steps.Count, await page.Locator("#steps > li").CountAsync());
        Assert.Equal(report.Seed.Count, await page.Locator("#seed tbody tr").CountAsync());
        Assert.Equal(report.WhatHappened.Count, await page.Locator("#what-happened li").CountAsync());
        // The notes' clock: a row per notes line and two for the scores, unless the run had no reload to measure.
        Assert.Equal(report.NotesClock.NoData ? 0 : report.NotesClock.Hypotheses[0].Lines.Count + 2, await page.Locator($"#{NotesClockSection.Id} tbody tr").CountAsync());
        Assert.True(await page.EvaluateAsync<int>("document.getElementById('timeline').naturalWidth") > 0);
        // One model behind both: the same sections in the same order, and the seed table's cells word for word.
        var markdown = File.ReadAllLines(Path.Combine(dir, ReportFiles.Markdown));
        Assert.Equal(markdown.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..]), await page.Locator("h2").AllInnerTextsAsync());
        var seedCells = await page.Locator("#seed tbody td").AllInnerTextsAsync();
        Assert.Equal(report.Seed.SelectMany(l => new[] { l.Seed, l.Run, l.Mechanism, l.Verdict,
                l.Connections.Count == 0 ? "none in this run" : string.Join(", ", l.Connections.Order().Select(id => $"#Port<0.{id}>")) })
            .Select(t => t.Replace("`", "", StringComparison.Ordinal)), seedCells);
        await ExplorerChecks.AssertAsync(page, Path.Combine(dir, ReportFiles.Json));
        Assert.All(asked, url => Assert.True(url == html || url.StartsWith("data:", StringComparison.Ordinal), $"report.html asked for {url}"));
        var screenshot = Path.Combine(dir, "report-screenshot.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        log($"screenshot: {screenshot}");
    }
}
