using System.Globalization;
using Lab.Bench;
using Microsoft.Playwright;

namespace Lab.Bench.Tests;

/// <summary>A run's results page (bench/results/STAMP.html) in real Chromium: it opens from disk asking for nothing, has
/// a row per line of the run with each server's median as the report holds it ("—" where a server measured nothing),
/// every target's verdict in its row, and the HTTP calibration's rows.</summary>
public class BenchHtmlTests
{
    private static readonly BenchConfig Config = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 2,
        ["echo-1x64", "echo-100x64", "reject", "memory"], [], MemoryConnections: 100, CapacityConnections: 100, RejectLoops: 5);

    [Fact]
    public async Task EveryLineEveryMedianAndEveryVerdictIsOnThePageAndNothingIsFetched()
    {
        var cells = new List<CellResult>();
        var servers = new[] { ServerKind.Gateway, ServerKind.Otp, ServerKind.Kestrel, ServerKind.Netty, ServerKind.Go };
        for (var rep = 1; rep <= 2; rep++)
        {
            foreach (var (server, i) in servers.Select((s, i) => (s, i)))
            {
                cells.Add(Cell("echo-1x64", server, rep, ("perSecond", 20_000 + 1000 * i + rep), ("errors", 0), ("p50Us", 30 + i + rep)));
                cells.Add(Cell("echo-100x64", server, rep, ("perSecond", 100_000 + 7000 * i + 13 * rep), ("errors", 0), ("p99Us", 2000 + 100 * i)));
                if (server != ServerKind.Go) // Go measured no reject: its cell is "—", never 0
                    cells.Add(Cell("reject", server, rep, ("perSecond", 20_000 + 500 * i), ("errors", 0)));
            }
        }
        var report = new BenchReport(DateTimeOffset.Parse("2026-12-05T02:31:00Z", CultureInfo.InvariantCulture), "Release", 2, Config, BenchLines.From(cells, Config),
            [new HttpCalibration.Row("lab endpoint", "short", 6724, 15072, null)]) { Cells = cells, Commit = "abc1234" };
        var dir = Directory.CreateTempSubdirectory("lab-bench-html-").FullName;
        var file = Path.Combine(dir, "results.html");
        File.WriteAllText(file, BenchHtml.Render(report));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
        var page = await browser.NewPageAsync();
        var asked = new List<string>();
        page.Request += (_, request) => asked.Add(request.Url);
        var url = new Uri(file).AbsoluteUri;
        await page.GotoAsync(url);
        Assert.Equal([url], asked);

        var rows = page.Locator("#lines tbody tr");
        Assert.Equal(report.Lines.Count, await rows.CountAsync());
        for (var i = 0; i < report.Lines.Count; i++)
        {
            var line = report.Lines[i];
            var row = rows.Nth(i);
            Assert.Equal(line.Title, await row.Locator("td").First.InnerTextAsync());
            foreach (var server in Config.Servers.Select(BenchLines.Name))
            {
                var cell = row.Locator($"td[data-server=\"{server}\"]");
                if (line.Median.TryGetValue(server, out var median))
                {
                    Assert.Equal(median, double.Parse((await cell.GetAttributeAsync("data-median"))!, CultureInfo.InvariantCulture));
                    Assert.StartsWith(BenchTable.F(median), await cell.InnerTextAsync());
                    Assert.Equal(1, await cell.Locator("svg circle").CountAsync());
                }
                else
                {
                    Assert.Equal("—", (await cell.InnerTextAsync()).Trim());
                }
            }
            Assert.Equal(line.Targets.Select(t => $"{t.Verdict} {t.Target} ({t.Measured})"), await row.Locator(".target").AllInnerTextsAsync());
        }
        Assert.Equal("—", (await page.Locator("#lines tr[data-workload=\"reject\"] td[data-server=\"go\"]").InnerTextAsync()).Trim());
        var checks = BenchTable.Checks(report);
        Assert.Contains($"Targets: {checks.Count(t => t.Pass)} PASS, {checks.Count(t => !t.Pass && !t.NoData)} MISS, {checks.Count(t => t.NoData)} NO DATA.",
            await page.Locator("#targets").InnerTextAsync());
        Assert.Equal(1, await page.Locator("#http tbody tr").CountAsync());
        Directory.Delete(dir, recursive: true);
    }

    private static CellResult Cell(string workload, ServerKind server, int rep, params (string Key, double Value)[] values) =>
        new(workload, server, rep, values.ToDictionary(v => v.Key, v => v.Value));
}
