using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.NetLog;

namespace Lab.BrowserLab.Join;

/// <summary>
/// Says why each request to the gateway was made: <c>navigation</c> (the main-frame request a Playwright
/// navigation made, started inside that navigation's window), <c>auto-reload</c> (a main-frame reload,
/// LOAD_VALIDATE_CACHE, outside any navigation: Chromium's error page reloading itself 1 s, 5 s, …
/// after a failure), <c>network-change</c> (such a reload whose timer a network change the NetLog recorded
/// restarted), another <c>main-frame</c> request, or a <c>subresource</c> (favicon and the like).
/// </summary>
internal static class RequestClassifier
{
    public sealed record Classified(NetLogUrlRequest Request, string Kind, int? Navigation);

    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

    /// <summary>The navigation whose page was showing at <paramref name="at"/> (the first one before any).</summary>
    public static int? NavigationAt(DateTimeOffset at, IReadOnlyList<NavigationRecord> navigations) =>
        navigations.LastOrDefault(n => n.StartedAt <= at)?.Index ?? navigations.FirstOrDefault()?.Index;

    public static IReadOnlyList<Classified> Classify(NetLogModel netLog, IReadOnlyList<NavigationRecord> navigations, string gatewayEndPoint)
    {
        var origin = $"http://{gatewayEndPoint}/";
        var taken = new HashSet<int>();
        var result = new List<Classified>();
        var changes = NetLogNetworkChange.From(netLog.File).Where(c => c.Online).Select(c => c.At).ToList();
        DateTimeOffset? previousMainFrame = null;
        foreach (var request in netLog.Requests.Where(r => r.Url.StartsWith(origin, StringComparison.Ordinal)))
        {
            var at = netLog.File.WallClock(request.StartTime);
            NavigationRecord? navigation = null;
            if (request.IsMainFrame)
            {
                navigation = navigations.FirstOrDefault(n => !taken.Contains(n.Index) && at >= n.StartedAt - Slack && at <= n.EndedAt + Slack);
                if (navigation is not null)
                    taken.Add(navigation.Index);
            }
            var restartedByNetwork = previousMainFrame is { } previous && changes.Any(c => c > previous && c < at);
            var kind = navigation is not null ? RequestKind.Navigation
                : request.IsMainFrame && request.IsReload ? restartedByNetwork ? RequestKind.NetworkChange : RequestKind.AutoReload
                : request.IsMainFrame ? RequestKind.MainFrame
                : RequestKind.Subresource;
            if (request.IsMainFrame)
                previousMainFrame = at;
            // A reload or subresource belongs to the page of the navigation before it.
            var index = navigation?.Index ?? NavigationAt(at, navigations);
            result.Add(new Classified(request, kind, index));
        }
        return result;
    }
}
