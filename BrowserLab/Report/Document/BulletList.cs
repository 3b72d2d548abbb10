namespace Lab.BrowserLab.Report.Document;

/// <summary>A list; <see cref="Id"/> names it in HTML (scripts and tests find sections by it).</summary>
internal sealed record BulletList(string? Id, IReadOnlyList<BulletItem> Items) : ReportBlock
{
    public static BulletList Of(string? id, IEnumerable<string> lines) => new(id, lines.Select(l => new BulletItem(l)).ToList());
}
