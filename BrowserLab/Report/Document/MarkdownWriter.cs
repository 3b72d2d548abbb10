using System.Text;

namespace Lab.BrowserLab.Report.Document;

/// <summary>Writes a <see cref="ReportDocument"/> as GitHub-flavoured Markdown.</summary>
internal static class MarkdownWriter
{
    public static string Write(ReportDocument document)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# {document.Title}");
        foreach (var block in document.Blocks)
        {
            sb.AppendLine();
            switch (block)
            {
                case Heading h:
                    sb.AppendLine($"{new string('#', Math.Clamp(h.Level, 1, 6))} {h.Text}");
                    break;
                case Paragraph p:
                    sb.AppendLine(p.Text);
                    break;
                case BulletList list:
                    foreach (var item in list.Items)
                    {
                        sb.AppendLine($"- {item.Text}");
                        foreach (var child in item.Children ?? [])
                            sb.AppendLine($"  - {child}");
                    }
                    break;
                case Table t:
                    sb.AppendLine("| " + string.Join(" | ", t.Columns.Select(Cell)) + " |");
                    sb.AppendLine("|" + string.Concat(t.Columns.Select((_, i) => t.IsNumeric(i) ? "---:|" : "---|")));
                    foreach (var row in t.Rows)
                        sb.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                    break;
                case Image image:
                    sb.AppendLine($"![{image.Alt}]({image.File})");
                    break;
                case InteractiveTimeline:
                    sb.AppendLine("report.html draws this timeline to explore: zoom from the whole run to a millisecond, a button per navigation and burst, a lane's details on hover, filters by role and navigation.");
                    break;
                default:
                    throw new NotSupportedException($"no Markdown for {block.GetType().Name}");
            }
        }
        return sb.ToString();
    }

    /// <summary>A table cell on one line, its pipes escaped.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
