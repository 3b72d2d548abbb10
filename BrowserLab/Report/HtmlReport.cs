using Lab.Gateway.Analysis;
using System.Net;
using System.Text;

namespace Lab.BrowserLab.Report;

/// <summary>report.html: the Markdown report's content as a page, with the timeline chart embedded
/// (a data URI, so the page stands alone).</summary>
public static class HtmlReport
{
    public static string Render(ExperimentReport r, byte[] chartPng, IReadOnlyList<(string Name, byte[] Png)>? panels = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Browser-retry experiment</title><style>")
          .Append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
          .Append("td.num{text-align:right}code{background:#f4f4f4}</style></head><body>");
        sb.Append($"<h1>Browser-retry experiment: policy <code>{E(r.Policy)}</code>, schedule <code>{E(r.Schedule)}</code></h1>");
        sb.Append($"<p>Gateway <code>{E(r.Gateway)}</code>, URL <code>{E(r.Url)}</code>, started {r.StartedAt:yyyy-MM-dd HH:mm:ss.fff} UTC.</p>");
        sb.Append("<h2>What happened</h2><ul id=\"what-happened\">");
        foreach (var line in r.WhatHappened)
            sb.Append($"<li>{E(line)}</li>");
        sb.Append("</ul>");
        sb.Append("<h2>Summary</h2><ul>");
        foreach (var line in MarkdownReport.SummaryLines(r))
            sb.Append($"<li>{E(line)}</li>");
        sb.Append("</ul><h2>Timeline</h2>");
        sb.Append($"<img id=\"timeline\" alt=\"timeline\" src=\"data:image/png;base64,{Convert.ToBase64String(chartPng)}\">");
        foreach (var (name, png) in panels ?? [])
            sb.Append($"<img class=\"panel\" alt=\"{E(name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">");
        sb.Append("<table id=\"connections\"><thead><tr><th>ms</th><th>#Port</th><th>client port</th><th>nav</th><th>role</th><th>opener</th>")
          .Append("<th>bytes in</th><th>decoded head</th><th>close</th><th>browser error</th></tr></thead><tbody>");
        foreach (var c in r.Connections)
        {
            sb.Append("<tr>");
            foreach (var cell in MarkdownReport.Row(c))
                sb.Append($"<td>{E(cell)}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (r.Connections.Any(c => c.Wire is not null))
        {
            sb.Append($"<h2>Wire view</h2><table id=\"wire\"><thead><tr>{string.Concat(WireSection.Columns.Select(c => $"<th>{E(c)}</th>"))}</tr></thead><tbody>");
            foreach (var row in WireSection.Rows(r.Connections))
                sb.Append($"<tr>{string.Concat(row.Select(c => $"<td>{E(c)}</td>"))}</tr>");
            sb.Append("</tbody></table><ul>");
            foreach (var line in WireSection.Explanation)
                sb.Append($"<li>{E(line)}</li>");
            sb.Append("</ul>");
        }
        sb.Append("<h2>Steps</h2><ul id=\"steps\">");
        foreach (var (heading, lines) in MarkdownReport.StepLines(r))
            sb.Append($"<li>{E(heading)}<ul>{string.Concat(lines.Select(l => $"<li>{E(l)}</li>"))}</ul></li>");
        sb.Append("</ul>");
        sb.Append("<h2>The seed, line by line</h2><table id=\"seed\"><thead><tr><th>the notes saw</th><th>this run saw</th><th>mechanism</th><th>verdict</th></tr></thead><tbody>");
        foreach (var line in r.Seed)
            sb.Append($"<tr><td>{E(line.Seed)}</td><td>{E(line.Run)}</td><td>{E(line.Mechanism)}</td><td>{E(line.Verdict)}</td></tr>");
        sb.Append("</tbody></table>");
        sb.Append("<h2>Port-id gaps</h2><ul>");
        foreach (var g in r.Gaps)
            sb.Append($"<li>between #Port&lt;0.{g.From}&gt; and #Port&lt;0.{g.To}&gt;: {E(string.Join("; ", g.TakenBy))}</li>");
        if (r.Gaps.Count == 0)
            sb.Append("<li>none</li>");
        sb.Append("</ul><h2>Legend</h2><ul id=\"legend\">");
        foreach (var line in MarkdownReport.Legend)
            sb.Append($"<li>{E(line.Replace("`", "", StringComparison.Ordinal))}</li>");
        sb.Append("</ul></body></html>");
        return sb.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
