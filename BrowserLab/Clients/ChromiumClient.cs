using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.NetLog;

namespace Lab.BrowserLab.Clients;

/// <summary>Debian's Chromium through Playwright, as <c>run</c> drives it: a fresh browser per attempt with
/// its own NetLog, kept open for the settle time so its error page's reloads are seen. Its own account:
/// the NetLog's TCP_CONNECTs to the gateway and its HTTP_TRANSACTION_RESTART_AFTER_ERROR events.</summary>
internal sealed class ChromiumClient : ClientUnderTest
{
    public override string Name => "chromium";
    public override string? AttemptBound => "Chromium kMaxRetryAttempts = 2 (net/http/http_network_transaction.cc), then the error page's own reloads";

    public override string? Missing() =>
        File.Exists(ChromiumSession.DefaultExecutable) ? null : $"{ChromiumSession.DefaultExecutable} not found: install Debian's 'chromium' (./lab setup does)";

    public override async Task<ClientAttempt> RunAsync(string url, TimeSpan settle, string workDir, CancellationToken cancellationToken)
    {
        var netLogPath = Path.Combine(workDir, "netlog.json");
        var started = DateTimeOffset.UtcNow;
        NavigationRecord navigation;
        await using (var browser = await ChromiumSession.LaunchAsync(netLogPath))
        {
            await browser.BeginStepAsync(fresh: true);
            navigation = await browser.NavigateAsync(1, 1, url, newPage: false, timeout: settle);
            var left = settle - (DateTimeOffset.UtcNow - started);
            if (left > TimeSpan.Zero)
                await Task.Delay(left, cancellationToken); // the error page reloads about 1 s and 5 s after a failure
            await browser.CloseAsync(); // the NetLog is complete only now
        }
        var account = OwnAccount(netLogPath, url);
        // Playwright's navigation may have ended (its error page shown) while a reload of it was still loading.
        var cutOff = navigation.Error == "TIMEOUT" || account.StillLoading;
        return new ClientAttempt(navigation.Error ?? $"HTTP {navigation.Status}", account.Own, account.Retries, cutOff);
    }

    /// <summary>Chromium's own account in its NetLog: sockets connected to the gateway, restarts of requests
    /// to it, the final net error of the first of those requests, and whether one of them was still loading
    /// when the browser was stopped (never ended in the file, CANCELLED by the shutdown, or ended ERR_ABORTED).</summary>
    public static ChromiumAccount OwnAccount(string netLogPath, string url)
    {
        var gateway = new Uri(url).Authority;
        var model = NetLogModel.Build(NetLogFile.Read(netLogPath));
        var requests = model.Requests.Where(r => r.Url.StartsWith($"http://{gateway}/", StringComparison.Ordinal)).ToList();
        var stillLoading = requests.Any(r => !r.Ended || r.Cancelled || r.FinalError == ErrAborted);
        var final = requests.FirstOrDefault()?.FinalError is { } code and < 0 and not ErrAborted ? model.File.ErrorName(code) : null;
        return new ChromiumAccount(model.Sockets.Count(s => s.RemoteAddress == gateway), requests.Sum(r => r.RestartErrors.Count), final, stillLoading);
    }

    /// <summary>net::ERR_ABORTED: what a request still loading ends with when its browser shuts down.</summary>
    private const int ErrAborted = -3;
}
