using System.Text.RegularExpressions;
using Lab.Common.Cli;
using Microsoft.Playwright;

namespace Lab.BrowserLab.Chromium;

/// <summary>
/// Debian's Chromium driven by Playwright: headless, a fresh profile, and Chrome's own NetLog. The NetLog
/// is complete only once the browser has closed (unused sockets close at "socket pool destroyed"), so
/// <see cref="CloseAsync"/> comes before anything reads it. Navigations run in a browser context; a
/// step that must start fresh gets a new one (<see cref="BeginStepAsync"/>): in Chromium a Playwright
/// context has its own network context, so closing the previous one closes its sockets and its pages,
/// whose error pages would otherwise keep reloading into the next step.
/// </summary>
internal sealed partial class ChromiumSession : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    /// <summary>Flags that work headless here; without the background-networking ones Chromium keeps
    /// trying Google hosts on this closed network.</summary>
    public static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(30);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private IBrowserContext? _context;
    private bool _closed;

    private ChromiumSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public string NetLogPath { get; private init; } = "";

    /// <exception cref="UsageException">Chromium is not installed.</exception>
    public static async Task<ChromiumSession> LaunchAsync(string netLogPath, string executable = DefaultExecutable)
    {
        if (!File.Exists(executable))
            throw new UsageException($"Chromium not found at {executable}: install Debian's 'chromium' package (./lab setup does)");
        var playwright = await Playwright.CreateAsync();
        // Playwright gives the browser a fresh temporary profile of its own and removes it on close.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = [.. Flags, $"--log-net-log={netLogPath}", "--net-log-capture-mode=Default"],
        });
        return new ChromiumSession(playwright, browser) { NetLogPath = netLogPath };
    }

    /// <summary>Starts a step: with <paramref name="fresh"/> the previous step's context (its pages and its
    /// sockets) is closed and a new one opened; otherwise the one context is kept across steps.</summary>
    public async Task BeginStepAsync(bool fresh)
    {
        if (_context is not null && !fresh)
            return;
        if (_context is not null)
            await _context.CloseAsync();
        _context = await _browser.NewContextAsync();
    }

    /// <summary>Navigates a page to <paramref name="url"/> and records how it ended; never throws for a
    /// navigation error, which is the measurement.</summary>
    public async Task<NavigationRecord> NavigateAsync(int index, int step, string url, bool newPage, TimeSpan? timeout = null)
    {
        var context = _context ?? throw new InvalidOperationException("BeginStepAsync first");
        var page = newPage || context.Pages.Count == 0 ? await context.NewPageAsync() : context.Pages[0];
        var requests = new List<string>();
        var failed = new List<string>();
        void OnRequest(object? _, IRequest r) { lock (requests) requests.Add(r.Url); }
        void OnFailed(object? _, IRequest r) { lock (failed) failed.Add($"{r.Url} {r.Failure}"); }
        page.Request += OnRequest;
        page.RequestFailed += OnFailed;

        var started = DateTimeOffset.UtcNow;
        string? error = null;
        int? status = null;
        try
        {
            var response = await page.GotoAsync(url, new PageGotoOptions { Timeout = (float)(timeout ?? NavigationTimeout).TotalMilliseconds });
            status = response?.Status;
        }
        catch (TimeoutException)
        {
            error = "TIMEOUT";
        }
        catch (PlaywrightException e)
        {
            error = NetError().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : e.Message.Split('\n')[0];
        }
        var ended = DateTimeOffset.UtcNow;
        page.Request -= OnRequest;
        page.RequestFailed -= OnFailed;
        lock (requests) lock (failed)
            return new NavigationRecord(index, step, url, started, ended, error, status, [.. requests], [.. failed]);
    }

    /// <summary>Does <paramref name="kind"/> to the step's error page (its context's first page).</summary>
    public async Task InterruptAsync(Experiment.WatchInterruptionKind kind)
    {
        var context = _context ?? throw new InvalidOperationException("BeginStepAsync first");
        switch (kind)
        {
            case Experiment.WatchInterruptionKind.Hide:
                var front = await context.NewPageAsync();
                await front.BringToFrontAsync();
                break;
            case Experiment.WatchInterruptionKind.Leave:
                await context.Pages[0].GotoAsync("about:blank");
                break;
            default:
                await context.SetOfflineAsync(true);
                break;
        }
    }

    /// <summary>Closes the browser, which completes the NetLog.</summary>
    public async Task CloseAsync()
    {
        if (_closed)
            return;
        _closed = true;
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    [GeneratedRegex(@"net::(ERR_[A-Z0-9_]+)")]
    private static partial Regex NetError();
}
