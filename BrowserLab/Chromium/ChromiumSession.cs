using System.Text.RegularExpressions;
using Lab.Common.Cli;
using Microsoft.Playwright;

namespace Lab.BrowserLab.Chromium;

/// <summary>
/// Debian's Chromium driven by Playwright: headless, a fresh profile, and Chrome's own NetLog. The NetLog
/// is complete only once the browser has closed (unused sockets close at "socket pool destroyed"), so
/// <see cref="CloseAsync"/> comes before anything reads it.
/// </summary>
public sealed partial class ChromiumSession : IAsyncDisposable
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
    private readonly IBrowserContext _context;
    private readonly string _profile;
    private bool _closed;

    private ChromiumSession(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
    }

    public string NetLogPath { get; private init; } = "";

    /// <exception cref="UsageException">Chromium is not installed.</exception>
    public static async Task<ChromiumSession> LaunchAsync(string netLogPath, string executable = DefaultExecutable)
    {
        if (!File.Exists(executable))
            throw new UsageException($"Chromium not found at {executable}: install Debian's 'chromium' package (./lab setup does)");
        var profile = Directory.CreateTempSubdirectory("lab-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = [.. Flags, $"--log-net-log={netLogPath}", "--net-log-capture-mode=Default"],
        });
        return new ChromiumSession(playwright, context, profile) { NetLogPath = netLogPath };
    }

    /// <summary>Navigates a page to <paramref name="url"/> and records how it ended; never throws for a
    /// navigation error, which is the measurement.</summary>
    public async Task<NavigationRecord> NavigateAsync(int index, int step, string url, bool newPage)
    {
        var page = newPage || _context.Pages.Count == 0 ? await _context.NewPageAsync() : _context.Pages[0];
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
            var response = await page.GotoAsync(url, new PageGotoOptions { Timeout = (float)NavigationTimeout.TotalMilliseconds });
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

    /// <summary>Closes the browser, which completes the NetLog.</summary>
    public async Task CloseAsync()
    {
        if (_closed)
            return;
        _closed = true;
        await _context.CloseAsync();
        _playwright.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { /* a profile file still held; it is in the temp folder */ }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    [GeneratedRegex(@"net::(ERR_[A-Z0-9_]+)")]
    private static partial Regex NetError();
}
