namespace Lab.BrowserLab.Report.Document;

/// <summary>A table; <see cref="NumericColumns"/> are right-aligned in both formats.</summary>
internal sealed record Table(string? Id, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<int>? NumericColumns = null) : ReportBlock
{
    public bool IsNumeric(int column) => NumericColumns?.Contains(column) == true;
}
