using System.Text.Json;
using Microsoft.Playwright;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>
/// report.html's interactive timeline in real Chromium, against the run's own report.json (read as JSON here, not
/// through the lab's model): every lane in the whole-run view; navigation 1's first burst zoomed with every mark of it
/// inside the view and its first lane's first and last marks at least 20 px apart; each lane's tooltip naming its
/// #Port, role and close kind as report.json does; a connection's row and a navigation's sentence leading to their
/// lanes, and the seed's and the notes' clock's rows to theirs (<see cref="ExplorerLinkChecks"/>); a role's filter
/// hiding exactly that role's lanes.
/// </summary>
internal static class ExplorerChecks
{
    public static async Task AssertAsync(IPage page, string reportJson)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(reportJson));
        var connections = json.RootElement.GetProperty("connections").EnumerateArray().ToList();
        await page.Locator("#explorer-all").ClickAsync();

        // The whole run: a lane per connection, each lane's marks within the drawing.
        Assert.Equal(connections.Count, await page.Locator("#explorer-svg .lane").CountAsync());
        var outside = await page.EvaluateAsync<int>(
            "() => { const w = document.getElementById('explorer-svg').clientWidth; let n = 0;" +
            " document.querySelectorAll('#explorer-svg .mark').forEach(m => { const x = labExplorer.x(Number(m.dataset.t)); if (x < 229 || x > w - 5) n++; }); return n; }");
        Assert.Equal(0, outside);

        // Navigation 1's first burst, zoomed: its marks inside the view, and room between them.
        // A run whose navigation 1 had a connection must have its burst: the check is never skipped for want of one.
        var burst = page.Locator("#explorer-burst-1-1");
        var inNavigation1 = connections.Count(c => c.GetProperty("navigation").ValueKind == JsonValueKind.Number && c.GetProperty("navigation").GetInt32() == 1);
        Assert.Equal(inNavigation1 > 0 ? 1 : 0, await burst.CountAsync());
        if (inNavigation1 > 0)
        {
            await burst.ClickAsync();
            var check = await page.EvaluateAsync<JsonElement>(
                "() => { const d = JSON.parse(document.getElementById('explorer-data').textContent); const b = d.bursts.find(s => s.id === 'burst-1-1');" +
                " const v = labExplorer.view(); const lanes = b.lanes.map(k => d.lanes[k]);" +
                " const times = l => ['connect','firstByte','headError','close','gatewayInit','browserClosed'].map(f => l[f]).filter(t => t !== null && t !== undefined);" +
                " const inside = lanes.every(l => times(l).every(t => t >= v.from && t <= v.to));" +
                " const t0 = times(lanes[0]); return { inside, px: labExplorer.x(Math.max(...t0)) - labExplorer.x(Math.min(...t0)), span: v.to - v.from, marks: t0.length }; }");
            Assert.True(check.GetProperty("inside").GetBoolean(), $"a mark of burst 1.1 is outside the view: {check}");
            if (check.GetProperty("marks").GetInt32() > 1)
                Assert.True(check.GetProperty("px").GetDouble() >= 20, $"burst 1.1's first lane spans {check.GetProperty("px")} px: {check}");
            await page.Locator("#explorer-all").ClickAsync();
        }

        // Hover: the tooltip says what report.json says of that connection.
        for (var key = 0; key < connections.Count; key++)
        {
            var c = connections[key];
            await page.Locator($"#explorer-svg .lane[data-key=\"{key}\"] text").HoverAsync();
            var tip = await page.Locator("#explorer-tip").InnerTextAsync();
            var port = c.GetProperty("portId").ValueKind == JsonValueKind.Number ? $"#Port<0.{c.GetProperty("portId").GetInt64()}>" : "(no gateway record)";
            Assert.StartsWith($"{port}  client port {c.GetProperty("clientPort").GetInt32()}", tip);
            Assert.Contains($"role {c.GetProperty("role").GetString()},", tip);
            var closeKind = c.GetProperty("closeKind").ValueKind == JsonValueKind.String ? c.GetProperty("closeKind").GetString() : "—";
            Assert.Contains($"close {closeKind} by", tip);
        }

        // The report's own rows lead to their lanes: the last connection's row selects its lane with every mark in view,
        // the first "what happened" sentence zooms to navigation 1.
        var last = connections.Count - 1;
        await page.Locator("#connections tbody tr").Nth(last).ClickAsync();
        Assert.Equal(last, await page.EvaluateAsync<int>("() => labExplorer.selected()"));
        Assert.Equal(1, await page.Locator($"#explorer-svg .lane.selected[data-key=\"{last}\"]").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>(
            $"() => {{ const v = labExplorer.view(); return [...document.querySelectorAll('#explorer-svg .lane[data-key=\"{last}\"] .mark')].every(m => Number(m.dataset.t) >= v.from && Number(m.dataset.t) <= v.to); }}"));
        await page.Locator("#what-happened > li").First.ClickAsync();
        Assert.True(await page.EvaluateAsync<bool>(
            "() => { const d = JSON.parse(document.getElementById('explorer-data').textContent); const n = d.navigations[0]; const v = labExplorer.view(); return v.from <= n.from && v.to >= n.to; }"));
        await page.Locator("#explorer-all").ClickAsync();
        await ExplorerLinkChecks.AssertAsync(page, json.RootElement);

        // A role's filter hides exactly its lanes, and only them.
        var role = connections.Select(c => c.GetProperty("role").GetString()!).GroupBy(r => r).OrderByDescending(g => g.Key == "retry").First().Key;
        await page.Locator($"#explorer-role-{role}").UncheckAsync();
        var shown = (await page.Locator("#explorer-svg .lane").EvaluateAllAsync<int[]>("ls => ls.map(l => Number(l.dataset.key))")).ToList();
        Assert.Equal(Enumerable.Range(0, connections.Count).Where(k => connections[k].GetProperty("role").GetString() != role), shown);
        await page.Locator($"#explorer-role-{role}").CheckAsync();
        Assert.Equal(connections.Count, await page.Locator("#explorer-svg .lane").CountAsync());
    }
}
