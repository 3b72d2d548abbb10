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
        var (own, retries, _) = OwnAccount(netLogPath, url);
        var cutOff = navigation.Error == "TIMEOUT";
        return new ClientAttempt(navigation.Error ?? $"HTTP {navigation.Status}", own, retries, cutOff);
    }

    /// <summary>Chromium's own account in its NetLog: sockets connected to the gateway, restarts of requests
    /// to it, and the final net error of the first of those requests.</summary>
    public static (int Own, int Retries, string? FinalError) OwnAccount(string netLogPath, string url)
    {
        var gateway = new Uri(url).Authority;
        var model = NetLogModel.Build(NetLogFile.Read(netLogPath));
        var requests = model.Requests.Where(r => r.Url.StartsWith($"http://{gateway}/", StringComparison.Ordinal)).ToList();
        var final = requests.FirstOrDefault()?.FinalError is { } code and < 0 ? model.File.ErrorName(code) : null;
        return (model.Sockets.Count(s => s.RemoteAddress == gateway), requests.Sum(r => r.RestartErrors.Count), final);
    }
}
