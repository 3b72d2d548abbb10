using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Lab.BrowserLab.Report.Document;

/// <summary>Writes a <see cref="ReportDocument"/> as one standalone HTML page: images are embedded as data
/// URIs read through <c>readImage</c>, <c>`code`</c> spans become &lt;code&gt;.</summary>
internal static partial class HtmlWriter
{
    private const string Style = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}" +
                                 "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}td.num{text-align:right}code{background:#f4f4f4}";

    public static string Write(ReportDocument document, Func<string, byte[]> readImage)
    {
        var sb = new StringBuilder();
        sb.Append($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(document.Title)}</title><style>{Style}</style></head><body>");
        sb.Append($"<h1>{Inline(document.Title)}</h1>");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Heading h:
                    var level = Math.Clamp(h.Level, 1, 6);
                    sb.Append($"<h{level}>{Inline(h.Text)}</h{level}>");
                    break;
                case Paragraph p:
                    sb.Append($"<p>{Inline(p.Text)}</p>");
                    break;
                case BulletList list:
                    sb.Append($"<ul{IdAttribute(list.Id)}>");
                    foreach (var item in list.Items)
                    {
                        sb.Append($"<li>{Inline(item.Text)}");
                        if (item.Children is { Count: > 0 } children)
                            sb.Append("<ul>").Append(string.Concat(children.Select(c => $"<li>{Inline(c)}</li>"))).Append("</ul>");
                        sb.Append("</li>");
                    }
                    sb.Append("</ul>");
                    break;
                case Table t:
                    sb.Append($"<table{IdAttribute(t.Id)}><thead><tr>{string.Concat(t.Columns.Select(c => $"<th>{Inline(c)}</th>"))}</tr></thead><tbody>");
                    foreach (var row in t.Rows)
                        sb.Append("<tr>").Append(string.Concat(row.Select((c, i) => $"<td{(t.IsNumeric(i) ? " class=\"num\"" : "")}>{Inline(c)}</td>"))).Append("</tr>");
                    sb.Append("</tbody></table>");
                    break;
                case InteractiveTimeline timeline:
                    sb.Append(TimelineHtml.Write(timeline));
                    break;
                case Image image:
                    sb.Append($"<img{IdAttribute(image.Id)} alt=\"{WebUtility.HtmlEncode(image.Alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(readImage(image.File))}\">");
                    break;
                default:
                    throw new NotSupportedException($"no HTML for {block.GetType().Name}");
            }
        }
        sb.Append("</body></html>");
        return sb.ToString();
    }

    /// <summary>Escaped text with its <c>`code`</c> spans as &lt;code&gt; elements.</summary>
    public static string Inline(string text) =>
        CodeSpan().Replace(WebUtility.HtmlEncode(text), m => $"<code>{m.Groups[1].Value}</code>");

    private static string IdAttribute(string? id) => id is null ? "" : $" id=\"{WebUtility.HtmlEncode(id)}\"";

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
