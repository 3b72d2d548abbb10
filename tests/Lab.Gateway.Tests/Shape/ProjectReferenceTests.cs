using System.Xml.Linq;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Shape;

/// <summary>Issue 26 §2: no production project references an executable. The gateway is a library
/// (Gateway/Server) with a thin host (Gateway/Gateway.csproj), the probes' measurements a library (Probes/Measure)
/// with their command line as the executable; BrowserLab and the bench reference the libraries. Tests may reference
/// executables (they run them).</summary>
public class ProjectReferenceTests
{
    [Fact]
    public void NoProductionProjectReferencesAnExecutable()
    {
        var root = RepoRoot.Path("");
        var projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var production = projects.Where(p => !Path.GetRelativePath(root, p).StartsWith("tests", StringComparison.Ordinal)).ToList();
        Assert.True(production.Count >= 10, $"{production.Count} production projects: the walk found too few");

        var offenders = new List<string>();
        foreach (var project in production)
        {
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                if (IsExecutable(target))
                    offenders.Add($"{Path.GetRelativePath(root, project)} → {Path.GetRelativePath(root, target)}");
            }
        }
        Assert.True(offenders.Count == 0, "production projects that reference an executable:\n" + string.Join('\n', offenders));
        // The rule has teeth: the executables are known as such.
        Assert.True(IsExecutable(RepoRoot.Path("Gateway/Gateway.csproj")));
        Assert.True(IsExecutable(RepoRoot.Path("Probes/Probes.csproj")));
        Assert.False(IsExecutable(RepoRoot.Path("Gateway/Server/Lab.Gateway.csproj")));
    }

    /// <summary>OutputType Exe, or the Web SDK, whose default output type is an executable.</summary>
    private static bool IsExecutable(string project)
    {
        var xml = XDocument.Load(project);
        var outputType = xml.Descendants("OutputType").Select(o => o.Value.Trim()).LastOrDefault();
        return outputType is "Exe" or "WinExe" || (outputType is null && xml.Root!.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web");
    }
}
