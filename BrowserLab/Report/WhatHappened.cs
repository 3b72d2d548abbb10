using System.Globalization;
using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.Join;
using Lab.Gateway.Connections;

namespace Lab.BrowserLab.Report;

/// <summary>One sentence per navigation, built from its connections, for the top of the report: what the
/// gateway did, what the browser made of it, how often it resent, and when its error page reloaded.</summary>
internal static class WhatHappened
{
    public static IReadOnlyList<string> Describe(IReadOnlyList<NavigationRecord> navigations, IReadOnlyList<JoinedConnection> connections, string policy,
        DateTimeOffset start)
    {
        var gateway = RejectPolicyNames.Find(policy)?.InAReport ?? $"the gateway applied {policy}";
        var lines = new List<string>();
        foreach (var n in navigations)
        {
            var mine = connections.Where(c => c.Navigation == n.Index).OrderBy(c => c.ConnectMs).ToList();
            var startMs = (n.StartedAt - start).TotalMilliseconds;
            var resends = mine.Count(c => c.Role == ConnectionRole.Retry && c.Request == RequestKind.Navigation);
            var reloads = mine.Where(c => RequestKind.IsErrorPageReload(c.Request) && c.Role != ConnectionRole.Retry).ToList();
            var reloadResends = mine.Count(c => c.Role == ConnectionRole.Retry && RequestKind.IsErrorPageReload(c.Request));
            var unused = mine.Count(c => c.Role == ConnectionRole.Unused);
            var parts = new List<string> { gateway, n.Error ?? $"HTTP {n.Status}" };
            var original = mine.FirstOrDefault(c => c.Role == ConnectionRole.Original);
            parts.Add(resends > 0
                ? $"resent on {resends} more socket{(resends == 1 ? "" : "s")} (each failed socket had sat idle in the pool: Chromium resends only then)"
                : n.Error is not null && original is { TookIdleSocket: false }
                    ? "not resent (its socket was connected for it, not idle: Chromium resends only a request whose socket had sat idle)"
                    : "not resent");
            if (reloads.Count > 0)
                parts.Add($"the error page reloaded at {string.Join(" and ", reloads.Select(r => $"+{((r.FirstByteMs ?? r.ConnectMs ?? 0) - startMs) / 1000:0.0} s"))}"
                          + (reloadResends > 0 ? $" ({reloadResends} resend{(reloadResends == 1 ? "" : "s")} among them)" : ""));
            if (unused > 0)
                parts.Add($"{unused} socket{(unused == 1 ? "" : "s")} opened and never used");
            lines.Add($"navigation {n.Index} (step {n.Step}, {mine.Count} connection{(mine.Count == 1 ? "" : "s")}): {string.Join(" → ", parts)}");
        }
        return lines;
    }
}
