using System.Xml.Linq;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Shape;

/// <summary>Issue 26 §6: docs/README.md's project table is what the .csproj files say — every production project
/// listed, with its kind and exactly its project references.</summary>
public class ProjectMapTests
{
    [Fact]
    public void TheDocsProjectTableIsTheProjectFiles()
    {
        var lines = File.ReadAllLines(RepoRoot.Path("docs/README.md"));
        var at = Array.IndexOf(lines, "<!-- projects -->");
        Assert.True(at >= 0, "docs/README.md has no <!-- projects --> table");
        var documented = lines.Skip(at + 3).TakeWhile(l => l.StartsWith('|')).Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[1].Trim('`'), c => (Kind: c[2], References: c[3] == "—" ? "" : c[3]));

        var root = RepoRoot.Path("");
        var actual = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("tests/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .ToDictionary(p => p, p =>
            {
                var xml = XDocument.Load(RepoRoot.Path(p));
                var exe = xml.Descendants("OutputType").Any(o => o.Value.Trim() == "Exe") || xml.Root!.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web";
                var references = xml.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                    .Order(StringComparer.Ordinal);
                return (Kind: exe ? "executable" : "library", References: string.Join(", ", references));
            });

        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        Assert.All(actual, a => Assert.Equal(a.Value, documented[a.Key]));
    }
}
