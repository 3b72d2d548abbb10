using System.Diagnostics;
using Lab.BrowserLab.Chromium;

namespace Lab.BrowserLab.Clients;

/// <summary>
/// Chromium as the notes' person used it: headful, on a virtual display (Debian's Xvfb), the URL typed
/// into the address bar and Enter pressed (xdotool), no Playwright in between. Its own account is its
/// NetLog, as for <see cref="ChromiumClient"/>. Without a window manager xdotool cannot "activate" a
/// window, so it focuses it (measured here).
/// </summary>
internal sealed class ChromiumTypedClient : ClientUnderTest
{
    private const int MaxTypings = 6;
    private static readonly TimeSpan TypingFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TitleSettles = TimeSpan.FromMilliseconds(500);

    public override string Name => "chromium-typed";
    public override string? AttemptBound => new ChromiumClient().AttemptBound;

    public override string? Missing() =>
        new[] { (ChromiumSession.DefaultExecutable, "chromium"), ("/usr/bin/Xvfb", "xvfb"), ("/usr/bin/xdotool", "xdotool") }
            .Where(x => !File.Exists(x.Item1)).Select(x => $"{x.Item1} not found: install Debian's '{x.Item2}' (./lab setup does)").FirstOrDefault();

    public override async Task<ClientAttempt> RunAsync(string url, TimeSpan settle, string workDir, CancellationToken cancellationToken)
    {
        var netLog = Path.Combine(workDir, "netlog.json");
        using var xvfb = Start("/usr/bin/Xvfb", ["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]);
        var display = ":" + (await xvfb.StandardOutput.ReadLineAsync(cancellationToken))?.Trim();
        using var chromium = Start(ChromiumSession.DefaultExecutable,
            [.. ChromiumSession.Flags, $"--user-data-dir={Path.Combine(workDir, "profile")}", $"--log-net-log={netLog}", "--net-log-capture-mode=Default", "about:blank"],
            display, drainOutput: true);
        try
        {
            // The browser window itself, by its title: a search by class alone can also return another of Chromium's
            // windows while it starts, and the keys then went there (seen: a run whose NetLog had no request at all).
            var window = (await XdoAsync(display, ["search", "--sync", "--onlyvisible", "--name", "^about:blank"], cancellationToken)).Split('\n')[0].Trim();
            // On a busy machine a window can be visible before its address bar takes keys: the typing is then lost
            // (seen: a NetLog with no request at all, not even the omnibox's suggestions). The window's title says
            // whether the load began; a user would type again, and so does this, up to six times in 30 s (a full test
            // run beside it once lost three typings in 13 s).
            var typingSince = DateTime.UtcNow;
            for (var attempt = 1; ; attempt++)
            {
                await XdoAsync(display, ["windowfocus", "--sync", window], cancellationToken);
                // Through XTEST to the focused window, as the typing goes: a key sent to a window (--window) is a synthetic
                // event, which a program may ignore, and the address bar then had to have the focus already.
                await XdoAsync(display, ["key", "ctrl+l"], cancellationToken);
                await Task.Delay(300, cancellationToken);
                await XdoAsync(display, ["type", "--delay", "15", url], cancellationToken);
                await XdoAsync(display, ["key", "Return"], cancellationToken);
                // The load began when the title names the typed host (the error page's title is the host); any other
                // title (seen: one that was neither about:blank nor the host, with no request in the NetLog) is typed again.
                if (await TitleNamesAsync(display, window, new Uri(url).Host, cancellationToken) || attempt == MaxTypings
                    || DateTime.UtcNow - typingSince > TypingFor)
                    break;
            }
            // The settle time counts from Enter, when the user's load begins: a headful start and the typing
            // can take most of a short settle on a busy machine. Its error page reloads about 1 s and 5 s later.
            await Task.Delay(settle > TitleSettles ? settle - TitleSettles : TimeSpan.Zero, cancellationToken);
        }
        finally
        {
            Signal(chromium, 2); // SIGINT: Chromium shuts down and completes its NetLog
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await chromium.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { chromium.Kill(entireProcessTree: true); }
            xvfb.Kill();
        }
        var account = ChromiumClient.OwnAccount(netLog, url);
        var error = account.FinalError
                    ?? (account.StillLoading ? "still loading when stopped (no final net error yet)"
                        : account.Own > 0 ? "no net error: the page got a response" : "no connection");
        return new ClientAttempt(error, account.Own, account.Retries, account.Own == 0 || account.StillLoading);
    }

    /// <summary>Polls the window's title for up to <see cref="TitleWait"/> until it contains <paramref name="host"/>.</summary>
    private static async Task<bool> TitleNamesAsync(string display, string window, string host, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TitleWait;
        while (true)
        {
            await Task.Delay(TitleSettles, cancellationToken);
            var title = (await XdoAsync(display, ["getwindowname", window], cancellationToken)).Trim();
            if (title.Contains(host, StringComparison.Ordinal))
                return true;
            if (DateTime.UtcNow > deadline)
                return false;
        }
    }

    private static readonly TimeSpan TitleWait = TimeSpan.FromSeconds(3);

    private static Process Start(string file, IEnumerable<string> args, string? display = null, bool drainOutput = false)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        if (display is not null)
            info.Environment["DISPLAY"] = display;
        var process = Process.Start(info)!;
        if (drainOutput)
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        return process;
    }

    private static async Task<string> XdoAsync(string display, string[] args, CancellationToken cancellationToken)
    {
        using var xdotool = Start("/usr/bin/xdotool", args, display);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var output = await xdotool.StandardOutput.ReadToEndAsync(timeout.Token);
        await xdotool.WaitForExitAsync(timeout.Token);
        return output;
    }

    private static void Signal(Process process, int signal)
    {
        try
        {
            using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString()]);
            kill.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
