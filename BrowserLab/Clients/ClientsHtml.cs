using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lab.BrowserLab.Report;
using Lab.BrowserLab.Report.Document;
using Lab.BrowserLab.Report.Explorer;

namespace Lab.BrowserLab.Clients;

/// <summary>
/// clients.html: the matrix as a chart — a row per client, a column per policy and trial, each cell the connections
/// the gateway accepted during that attempt, shaded by count — then, with <c>--vary</c>, the same for the clients re-run
/// with their bounding setting changed, and report.html's timeline below them, which a cell fills with that attempt's
/// lanes (<see cref="ClientAttemptTimeline"/>). One file; it asks for nothing.
/// </summary>
internal static class ClientsHtml
{
    public const string File = "clients.html";

    // The default encoder escapes <, > and &: no string of the data can close the script element it sits in.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Style =
        "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}" +
        "button.attempt{min-width:4em;border:1px solid #888;padding:3px 6px;cursor:pointer}button.attempt.active{outline:3px solid #000}";

    // A cell fills the timeline with its attempt; the first attempt is drawn at first.
    private const string Script =
        "(function(){var runs=JSON.parse(document.getElementById('clients-attempts').textContent);var title=document.getElementById('attempt');" +
        "function show(i){var r=runs[i];labExplorer.load(r.timeline);title.textContent=r.client+', '+r.policy+', trial '+r.trial+(r.setting?' with '+r.setting:'')+': '+r.connections+" +
        "' connection(s) accepted by the gateway, '+r.withRequest+' with a request; the client said '+r.clientError;" +
        "document.querySelectorAll('button.attempt').forEach(function(b){b.classList.toggle('active',Number(b.dataset.run)===i);});}" +
        "document.querySelectorAll('button.attempt').forEach(function(b){b.addEventListener('click',function(){show(Number(b.dataset.run));});});" +
        "if(runs.length>0)show(0);})();";

    /// <summary>The matrices' ids in the page: the runs', and the --vary runs'.</summary>
    public const string MatrixId = "matrix", VaryId = "vary";

    public static string Render(ClientsResult result)
    {
        // One list of attempts for the page: the runs, then the --vary runs; a cell's data-run is its place in it.
        var varied = result.Vary?.Runs ?? [];
        var runs = result.Runs.Concat(varied).ToList();
        // One shade for both matrices: the same count is the same colour in each.
        var most = runs.Select(r => r.Connections).DefaultIfEmpty(1).Max();
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>The same rejection, every kind of client</title><style>").Append(Style).Append("</style></head><body>");
        sb.Append("<h1>The same rejection, every kind of client (gateway ").Append(E(result.Gateway)).Append(")</h1>");
        if (result.Interrupted)
            sb.Append("<p id=\"interrupted\">").Append(E(ClientsReport.InterruptedLine(result).Replace("**", "", StringComparison.Ordinal))).Append("</p>");
        sb.Append("<p>Each cell: the connections the gateway accepted while that client made its attempt, darker for more. A cell draws its attempt's ")
            .Append("connections in the timeline below it (the gateway's clock, ms since the attempt began: accepted ○, head_error ◆, do_terminate ■; ")
            .Append("blue: a request arrived on it, grey: nothing did).</p>");
        Matrix(sb, MatrixId, runs, 0, result.Runs.Count, most);
        if (result.Vary is { } vary)
        {
            sb.Append("<h2>With the bounding setting changed (--vary)</h2><p>The clients whose attempts a setting bounds, re-run with it changed (")
                .Append(E(string.Join("; ", vary.Settings.Select(v => $"{v.Key}: {v.Value}")))).Append("), each cell to set beside the same client's above; the same shading.</p>");
            Matrix(sb, VaryId, runs, result.Runs.Count, varied.Count, most);
        }
        sb.Append("<h2>The attempt's connections</h2><p id=\"attempt\"></p>");
        var first = runs.FirstOrDefault()?.Timeline ?? new ExplorerModel([], [], [], 0, 1);
        sb.Append(TimelineHtml.Write(new InteractiveTimeline(ExperimentDocument.ExplorerId, first)));
        var attempts = runs.Select((r, i) => new
        {
            r.Client, r.Policy, r.Trial, r.Connections, r.WithRequest, r.ClientError,
            Setting = i < result.Runs.Count ? null : result.Vary!.Settings.GetValueOrDefault(r.Client),
            Timeline = r.Timeline ?? new ExplorerModel([], [], [], 0, 1),
        });
        sb.Append("<script type=\"application/json\" id=\"clients-attempts\">").Append(JsonSerializer.Serialize(attempts, Json)).Append("</script>");
        sb.Append("<script>").Append(Script).Append("</script></body></html>");
        return sb.ToString();
    }

    /// <summary>A matrix of <paramref name="count"/> attempts from <paramref name="first"/> on: a row per client, a
    /// column per policy and trial, each cell a button that draws its attempt.</summary>
    private static void Matrix(StringBuilder sb, string id, IReadOnlyList<ClientRun> runs, int first, int count, int most)
    {
        var mine = runs.Skip(first).Take(count).ToList();
        var columns = mine.Select(r => (r.Policy, r.Trial)).Distinct().ToList();
        sb.Append("<table id=\"").Append(id).Append("\"><thead><tr><th>client</th>");
        foreach (var (policy, trial) in columns)
            sb.Append("<th>").Append(E(policy)).Append(columns.Any(c => c.Policy == policy && c.Trial != trial) ? $" #{trial}" : "").Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var client in mine.Select(r => r.Client).Distinct())
        {
            sb.Append("<tr><th>").Append(E(client)).Append("</th>");
            foreach (var (policy, trial) in columns)
            {
                var at = mine.FindIndex(r => r.Client == client && r.Policy == policy && r.Trial == trial);
                if (at < 0)
                {
                    sb.Append("<td>—</td>");
                    continue;
                }
                var run = mine[at];
                var shade = (int)Math.Round(245 - 150.0 * run.Connections / Math.Max(1, most));
                sb.Append("<td><button class=\"attempt\" data-run=\"").Append(first + at).Append("\" style=\"background:rgb(").Append(shade).Append(',').Append(shade).Append(",255)\" title=\"")
                    .Append(E($"{client} under {policy}: {run.Connections} connection(s), {run.ClientError}")).Append("\">").Append(run.Connections).Append("</button></td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
