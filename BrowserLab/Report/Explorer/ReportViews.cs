using Lab.BrowserLab.Chromium;
using Microsoft.Playwright;

namespace Lab.BrowserLab.Report.Explorer;

/// <summary>
/// <c>browser run --screenshots</c>: report.html opened in headless Chromium, its interactive timeline shown at three
/// zoom levels — the whole run, navigation 1, navigation 1's first burst — and each view saved as a PNG in
/// <c>report-views/</c> beside the report, for docs and for readers of report.md. The page is refused anything
/// beyond its own file, as a reader's browser would have nothing to fetch. <c>clients --screenshots</c> saves
/// clients.html whole the same way.
/// </summary>
internal static class ReportViews
{
    public const string Directory = "report-views";

    public static async Task<IReadOnlyList<string>> SaveAsync(string reportDirectory, ExplorerModel model)
    {
        var views = new List<(string File, string Button)> { ("whole-run.png", "explorer-all") };
        if (model.Navigations.FirstOrDefault() is { } navigation)
            views.Add(($"{navigation.Id}.png", $"explorer-{navigation.Id}"));
        if (model.Bursts.FirstOrDefault() is { } burst)
            views.Add(($"{burst.Id}.png", $"explorer-{burst.Id}"));

        var folder = System.IO.Directory.CreateDirectory(Path.Combine(reportDirectory, Directory)).FullName;
        await using var opened = await OfflinePage.OpenAsync(Path.Combine(reportDirectory, ReportFiles.Html));
        var page = opened.Page;
        var saved = new List<string>();
        foreach (var (file, button) in views)
        {
            await page.Locator($"#{button}").ClickAsync();
            // No lane's details over the view: the pointer away, the tooltip hidden.
            await page.Mouse.MoveAsync(1, 1);
            await page.EvaluateAsync("document.getElementById('explorer-tip').style.display = 'none'");
            var path = Path.Combine(folder, file);
            await page.Locator($"#{ExperimentDocument.ExplorerId}").ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
            saved.Add(path);
        }
        return saved;
    }

    /// <summary>A whole page (clients.html, its first attempt drawn) as one PNG in <c>report-views/</c> beside it.</summary>
    public static async Task<string> SavePageAsync(string html, string file)
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(html)!, Directory)).FullName;
        await using var opened = await OfflinePage.OpenAsync(html);
        var path = Path.Combine(folder, file);
        await opened.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
