using System.Text.Json;
using Lab.BrowserLab.Chromium;
using Microsoft.Playwright;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>clients.html in real Chromium against clients.json read as JSON: it asks for nothing; a cell per attempt
/// showing the gateway's count, the runs' in the matrix and the --vary runs' (<c>vary.runs</c>) in their own; a cell's
/// attempt drawn as that many lanes, as many of them "request" as the run's withRequest, each lane's tooltip naming a
/// distinct #Port, and its title naming the client, policy, trial and, for a varied one, the setting changed.</summary>
internal static class ClientsPageChecks
{
    public static async Task AssertAsync(string dir)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "clients.json")));
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        var vary = json.RootElement.GetProperty("vary");
        var varied = vary.ValueKind == JsonValueKind.Null ? [] : vary.GetProperty("runs").EnumerateArray().ToList();
        await using var opened = await OfflinePage.OpenAsync(Path.Combine(dir, "clients.html"));
        var page = opened.Page;
        var url = opened.Url;
        var asked = opened.Asked;
        Assert.Equal([url], asked);

        Assert.Equal(runs.Count, await page.Locator("#matrix button.attempt").CountAsync());
        Assert.Equal(varied.Count, await page.Locator("#vary button.attempt").CountAsync());
        Assert.Equal(runs.Count + varied.Count, await page.Locator("button.attempt").CountAsync());
        // The page's attempts are the runs, then the varied runs: a cell's data-run is its place in that list.
        for (var i = 0; i < runs.Count + varied.Count; i++)
        {
            var run = i < runs.Count ? runs[i] : varied[i - runs.Count];
            var client = run.GetProperty("client").GetString()!;
            var cell = page.Locator($"#{(i < runs.Count ? "matrix" : "vary")} button.attempt[data-run=\"{i}\"]");
            var connections = run.GetProperty("connections").GetInt32();
            Assert.Equal(connections.ToString(System.Globalization.CultureInfo.InvariantCulture), (await cell.InnerTextAsync()).Trim());
            await cell.ClickAsync();
            var setting = i < runs.Count ? "" : $" with {vary.GetProperty("settings").GetProperty(client).GetString()}";
            Assert.Contains($"{client}, {run.GetProperty("policy").GetString()}, trial {run.GetProperty("trial").GetInt32()}{setting}:",
                await page.Locator("#attempt").InnerTextAsync());
            var lanes = page.Locator("#explorer-svg .lane");
            Assert.Equal(connections, await lanes.CountAsync());
            Assert.Equal(run.GetProperty("withRequest").GetInt32(), await page.Locator("#explorer-svg .lane[data-role=\"request\"]").CountAsync());
            var ports = new HashSet<string>();
            for (var k = 0; k < connections; k++)
            {
                await page.Locator($"#explorer-svg .lane[data-key=\"{k}\"] text").HoverAsync();
                var tip = await page.Locator("#explorer-tip").InnerTextAsync();
                Assert.StartsWith("#Port<0.", tip);
                Assert.True(ports.Add(tip[..tip.IndexOf(' ', StringComparison.Ordinal)]), $"two lanes of one attempt show the same port: {tip}");
            }
        }
        Assert.Equal([url], asked);
    }
}
