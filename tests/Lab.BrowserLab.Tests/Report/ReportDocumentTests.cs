using Lab.BrowserLab.Report.Document;

namespace Lab.BrowserLab.Tests.Report;

/// <summary>One document, two formats: the Markdown and the HTML carry the same headings, list items and
/// cells, each escaped for its format.</summary>
public class ReportDocumentTests
{
    private static readonly ReportDocument Sample = new("Report `x`",
    [
        new Heading(2, "Section one"),
        BulletList.Of("items", ["plain", "with `code` and <angle> & pipe |"]),
        new Heading(2, "Section two"),
        new Table("cells", ["ms", "text"], [["1.5", "a|b"], ["20", "<c>"]], new HashSet<int> { 0 }),
        new BulletList("nested", [new BulletItem("parent", ["child 1", "child 2"])]),
        new Image("chart", "chart", "chart.png"),
    ]);

    [Fact]
    public void MarkdownEscapesPipesInCellsAndRightAlignsNumbers()
    {
        var md = MarkdownWriter.Write(Sample);

        Assert.StartsWith("# Report `x`\n", md.ReplaceLineEndings("\n"));
        Assert.Contains("| ms | text |", md);
        Assert.Contains("|---:|---|", md);
        Assert.Contains("| 1.5 | a\\|b |", md);
        Assert.Contains("- parent" + Environment.NewLine + "  - child 1", md);
        Assert.Contains("![chart](chart.png)", md);
    }

    [Fact]
    public void HtmlCarriesTheSameSectionsEscapedWithCodeSpansAndEmbeddedImages()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
        var read = new List<string>();
        var html = HtmlWriter.Write(Sample, f => { read.Add(f); return png; });

        Assert.Equal(["Section one", "Section two"], Sample.Sections);
        foreach (var section in Sample.Sections)
            Assert.Contains($"<h2>{section}</h2>", html);
        Assert.Contains("<li>with <code>code</code> and &lt;angle&gt; &amp; pipe |</li>", html);
        Assert.Contains("<td class=\"num\">1.5</td><td>a|b</td>", html);
        Assert.Contains("<td>&lt;c&gt;</td>", html);
        Assert.Contains("<li>parent<ul><li>child 1</li><li>child 2</li></ul></li>", html);
        Assert.Equal(["chart.png"], read);
        Assert.Contains($"<img id=\"chart\" alt=\"chart\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">", html);
    }
}
