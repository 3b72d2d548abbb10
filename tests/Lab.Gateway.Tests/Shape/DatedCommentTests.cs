using System.Text.RegularExpressions;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Shape;

/// <summary>Issue 26 §5: comments and help say why, once; a measurement's date, commit and machine belong to
/// docs/, which name their run. No production source or project file holds a date, a commit, or "two busy
/// cores" and its kin.</summary>
public partial class DatedCommentTests
{
    [Fact]
    public void NoSourceCarriesADatedMeasurement()
    {
        var root = RepoRoot.Path("");
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("tests/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 100, $"{files.Count} files: the walk found too few");
        var found = files.SelectMany(f => File.ReadLines(RepoRoot.Path(f)).Select((line, i) => (f, i, line)))
            .Where(x => Dated().IsMatch(x.line))
            .Select(x => $"{x.f}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "dated measurements in code (move them to docs/, which name their run):\n" + string.Join('\n', found));
    }

    [GeneratedRegex(@"\b20\d\d-\d\d-\d\d\b|\bcommit [0-9a-f]{7}\b|busy cores|\b2-core\b|\btwo cores\b")]
    private static partial Regex Dated();
}
