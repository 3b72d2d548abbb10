using System.Text.Json;
using Microsoft.Playwright;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>
/// report.html's seed table and notes' clock lead to the lanes report.json says they speak of (read as JSON here):
/// each seed row to its <c>connections</c>; each notes line to every story's <c>connection</c>, and each story's cell
/// to its own — the lanes marked, each of their marks in view, the row's last cell naming the same #Ports. A row with
/// none says so and, clicked, changes nothing.
/// </summary>
internal static class ExplorerLinkChecks
{
    private const string None = "none in this run";

    public static async Task AssertAsync(IPage page, JsonElement report)
    {
        var connections = report.GetProperty("connections").EnumerateArray().ToList();
        // A lane's key is its connection's position in report.json.
        var portOfKey = connections.Select(c => c.GetProperty("portId").ValueKind == JsonValueKind.Number ? c.GetProperty("portId").GetInt64() : (long?)null).ToList();

        var seed = report.GetProperty("seed").EnumerateArray().ToList();
        for (var row = 0; row < seed.Count; row++)
        {
            var ids = seed[row].GetProperty("connections").EnumerateArray().Select(e => e.GetInt64()).ToList();
            var cells = page.Locator("#seed tbody tr").Nth(row).Locator("td");
            Assert.Equal(Named(ids), await cells.Last.InnerTextAsync());
            await AssertLeadsToAsync(page, cells.First, ids, portOfKey, $"seed row {row + 1}");
        }

        var clock = report.GetProperty("notesClock");
        var stories = clock.GetProperty("hypotheses").EnumerateArray().ToList();
        if (stories.Count == 0)
            return;
        var lines = stories[0].GetProperty("lines").GetArrayLength();
        for (var row = 0; row < lines; row++)
        {
            var each = stories.Select(h => h.GetProperty("lines")[row].GetProperty("connection"))
                .Select(c => c.ValueKind == JsonValueKind.Number ? c.GetInt64() : (long?)null).ToList();
            var cells = page.Locator("#notes-clock tbody tr").Nth(row).Locator("td");
            var union = each.OfType<long>().Distinct().ToList();
            Assert.Equal(Named(union), await cells.Last.InnerTextAsync());
            await AssertLeadsToAsync(page, cells.First, union, portOfKey, $"notes line {row + 1}");
            for (var h = 0; h < stories.Count; h++)
                await AssertLeadsToAsync(page, cells.Nth(2 + h), each[h] is { } id ? [id] : [], portOfKey,
                    $"notes line {row + 1} under {stories[h].GetProperty("name").GetString()}/{stories[h].GetProperty("table").GetString()}");
        }
        await page.Locator("#explorer-all").ClickAsync();
    }

    /// <summary>Clicks <paramref name="target"/>: the lanes marked are exactly <paramref name="ids"/>'s, drawn, with
    /// every mark in view; with no ids, nothing changes.</summary>
    private static async Task AssertLeadsToAsync(IPage page, ILocator target, IReadOnlyList<long> ids, IReadOnlyList<long?> portOfKey, string what)
    {
        var before = await page.EvaluateAsync<JsonElement>("() => ({ view: labExplorer.view(), linked: labExplorer.linked() })");
        await target.ClickAsync();
        var after = await page.EvaluateAsync<JsonElement>("() => ({ view: labExplorer.view(), linked: labExplorer.linked() })");
        if (ids.Count == 0)
        {
            Assert.True(before.ToString() == after.ToString(), $"{what} names no connection, yet clicking it changed the timeline: {before} → {after}");
            return;
        }
        var keys = after.GetProperty("linked").EnumerateArray().Select(k => k.GetInt32()).ToList();
        Assert.True(ids.Order().SequenceEqual(keys.Select(k => portOfKey[k] ?? -1).Order()),
            $"{what} should lead to {Named(ids)}, led to lanes {string.Join(", ", keys)} ({string.Join(", ", keys.Select(k => portOfKey[k]))})");
        var shown = await page.EvaluateAsync<bool>(
            "keys => { const v = labExplorer.view(); return keys.every(k => { const lane = document.querySelector(`#explorer-svg .lane.linked[data-key=\"${k}\"]`);" +
            " return lane !== null && [...lane.querySelectorAll('.mark')].every(m => Number(m.dataset.t) >= v.from && Number(m.dataset.t) <= v.to); }); }", keys);
        Assert.True(shown, $"{what}: a lane it leads to is not marked, or a mark of it is outside the view");
    }

    /// <summary>The ids as a row's last cell names them: in the gateway's order.</summary>
    private static string Named(IReadOnlyList<long> ids) => ids.Count == 0 ? None : string.Join(", ", ids.Order().Select(id => $"#Port<0.{id}>"));
}
