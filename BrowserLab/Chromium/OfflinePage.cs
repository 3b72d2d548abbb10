using Microsoft.Playwright;

namespace Lab.BrowserLab.Chromium;

/// <summary>
/// One of the lab's own pages (report.html, clients.html) opened from disk in headless Chromium as a reader would
/// open it offline: any request that is not for a file or a data URI is refused, and every request the page makes is
/// recorded, so that a test can say it asked for nothing beyond itself.
/// </summary>
internal sealed class OfflinePage : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _asked;

    private OfflinePage(IPlaywright playwright, IBrowser browser, IPage page, string url, List<string> asked)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Url = url;
        _asked = asked;
    }

    public IPage Page { get; }

    /// <summary>The page's own file:// address.</summary>
    public string Url { get; }

    /// <summary>Every request the page made, its own load first.</summary>
    public IReadOnlyList<string> Asked => _asked;

    public static async Task<OfflinePage> OpenAsync(string file)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumSession.DefaultExecutable,
            Headless = true,
            Args = ChromiumSession.Flags,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        var asked = new List<string>();
        page.Request += (_, request) => asked.Add(request.Url);
        await page.RouteAsync(url => !url.StartsWith("file:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal),
            route => route.AbortAsync());
        var url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        await page.GotoAsync(url);
        return new OfflinePage(playwright, browser, page, url, asked);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
