namespace Lab.BrowserLab.Report.Document;

/// <summary>A report as a list of blocks: one model that report.md and report.html are both written from,
/// so the two cannot say different things.</summary>
internal sealed record ReportDocument(string Title, IReadOnlyList<ReportBlock> Blocks)
{
    /// <summary>The section headings (level 2), in order: the same in every format.</summary>
    public IEnumerable<string> Sections => Blocks.OfType<Heading>().Where(h => h.Level == 2).Select(h => h.Text);
}
