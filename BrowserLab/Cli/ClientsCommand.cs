using System.CommandLine;
using Lab.BrowserLab.Clients;
using Lab.BrowserLab.Report;
using Lab.Common.Cli;
using Lab.Common.Text;

namespace Lab.BrowserLab.Cli;

/// <summary><c>BrowserLab clients</c>: the same rejection against every kind of client (clients.md, .json, .png, .html).</summary>
internal static class ClientsCommand
{
    private static readonly DurationOption Settle = new("--settle",
        "How long each client may retry and reload before it is stopped (marked cutOff if it was still trying).", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))
    { DefaultValueFactory = _ => "12s" };
    private static readonly Option<string> ClientsOption = new("--clients")
    { Description = "Comma-separated clients: chromium, chromium-typed (headful under Xvfb, the URL typed with xdotool), firefox, curl, wget, httpc, httpclient, urllib.", DefaultValueFactory = _ => "chromium,chromium-typed,firefox,curl,wget,httpc,httpclient,urllib" };
    private static readonly Option<string> PathOption = new("--path")
    { Description = "The path after the address.", DefaultValueFactory = _ => "/anything" };
    private static readonly Option<string?> Out = new("--out")
    { Description = "Output directory (default logs/<UTC stamp>-clients): clients.md, clients.json, clients.png, clients.html, each attempt's own logs." };
    private static readonly Option<bool> Vary = new("--vary")
    { Description = "Then re-run the clients whose bounding setting can be changed, with it changed (Firefox user.js max-attempts 3, wget --tries=2), to show the count follow." };
    private static readonly Option<bool> Screenshots = new("--screenshots")
    { Description = $"Also save clients.html, its first attempt drawn, as {Report.Explorer.ReportViews.Directory}/clients-html.png." };
    private static readonly Option<bool> Json = JsonOption.Create("Print clients.json's content on stdout and nothing else.");

    public static Command Create()
    {
        var command = new Command("clients", "Load http://GATEWAY/anything once with each kind of client under each policy: is the retry Chrome's, or every client's?")
        {
            SharedOptions.Policies, SharedOptions.Trials, Settle, ClientsOption, PathOption, Out, RunCommand.IdleTimeout, Vary, Screenshots, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var policies = SharedOptions.PoliciesOf(parse);
        var trials = SharedOptions.TrialsOf(parse);
        var settle = Settle.ValueIn(parse)!.Value;
        var path = SharedOptions.CheckedPath(parse.GetValue(PathOption)!);

        var clients = new List<ClientUnderTest>();
        var skipped = new List<string>();
        foreach (var name in parse.GetValue(ClientsOption)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            if (ClientCatalog.NotYet.TryGetValue(name, out var notYet))
                skipped.Add(notYet);
            else if (ClientCatalog.Create(name) is not { } client)
                throw new UsageException($"--clients: '{name}' is not one of {string.Join(", ", ClientCatalog.Names)}");
            else if (client.Missing() is { } missing)
                skipped.Add($"{name}: {missing}");
            else
                clients.Add(client);
        }
        foreach (var s in skipped)
            Console.Error.WriteLine($"skipped {s}");
        if (clients.Count == 0)
            throw new UsageException("--clients: none of the named clients can run here");

        var outDir = Path.GetFullPath(SharedOptions.OutputDirectory(parse.GetValue(Out), "clients"));
        var started = DateTime.UtcNow;
        var idleTimeout = RunCommand.IdleTimeout.ValueIn(parse);
        void Progress(string line) => Console.Error.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,6:0.0}s] {line}");
        var result = await new ClientsExperiment(policies, clients, trials, settle, idleTimeout, path, outDir, Progress).RunAsync(cancel);
        if (parse.GetValue(Vary) && !cancel.IsCancellationRequested)
        {
            var varied = clients.Select(c => c.Varied()).OfType<(ClientUnderTest Client, string Setting)>().ToList();
            Progress($"--vary: {string.Join("; ", varied.Select(v => $"{v.Client.Name} with {v.Setting}"))}");
            var again = await new ClientsExperiment(policies, varied.Select(v => v.Client).ToList(), trials, settle, idleTimeout, path,
                Path.Combine(outDir, "vary"), Progress).RunAsync(cancel);
            result = result with { Vary = new VariedRuns(varied.ToDictionary(v => v.Client.Name, v => v.Setting), again.Runs, again.Summary), Interrupted = again.Interrupted };
        }
        ClientsReport.Write(result, clients, skipped, outDir);
        var shot = parse.GetValue(Screenshots)
            ? await Report.Explorer.ReportViews.SavePageAsync(Path.Combine(outDir, ClientsHtml.File), "clients-html.png")
            : null;
        Console.Out.WriteLine(parse.GetValue(Json)
            ? File.ReadAllText(Path.Combine(outDir, ClientsReport.Json))
            : (result.Interrupted ? Prose.Fold(ClientsReport.InterruptedLine(result)) + "\n" : "") + ClientsReport.Text(result, ClientsReport.BoundsOf(clients))
              + (result.Vary is { } vary ? "\n" + Prose.Fold($"with the setting changed ({string.Join("; ", vary.Settings.Select(v => $"{v.Key}: {v.Value}"))}):") + "\n"
                  + ClientsReport.VariedText(vary, result.Gateway) : "")
              + $"\nreport: {Path.Combine(outDir, ClientsReport.Markdown)}\nchart: {Path.Combine(outDir, ClientsReport.Chart)}"
              + $"\npage: {Path.Combine(outDir, ClientsHtml.File)}" + (shot is null ? "" : $"\nscreenshot: {shot}"));
        return ExitCodes.Ok;
    }
}
