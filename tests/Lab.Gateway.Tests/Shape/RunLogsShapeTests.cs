using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lab.Logs;
using Lab.Logs.Analysis;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Shape;

/// <summary>
/// Issue 26 §1: the run directory's reader is a library of its own. Lab.Logs references Common and Framing and
/// nothing else (no web server, no terminal rendering), and no C# source outside it (and the tests) uses a log's
/// event name, field name or file name as data: as a whole string, a JSON key or needle, a text-log needle or a
/// file pattern. Prose that names an event for a reader ("the do_terminate lines") is words, not data.
/// </summary>
public partial class RunLogsShapeTests
{
    [Fact]
    public void LabLogsReferencesCommonAndFramingOnly()
    {
        var project = XDocument.Load(RepoRoot.Path("RunLogs/Lab.Logs.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName(r.Attribute("Include")!.Value)).Order().ToList();
        Assert.Equal(["Lab.Common.csproj", "Lab.Framing.csproj"], references);
        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Equal("Microsoft.NET.Sdk", project.Root!.Attribute("Sdk")!.Value);

        var assemblies = typeof(GatewayRun).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Lab.Common", assemblies);
        Assert.DoesNotContain(assemblies, a => a.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || a.StartsWith("Spectre", StringComparison.Ordinal)
                                               || a.StartsWith("Serilog", StringComparison.Ordinal) || a == "Gateway");
    }

    [Fact]
    public void TheNeedlesAreTheLinesTheGatewayWrites()
    {
        Assert.Equal("] init ok ", LogContract.TextNeedle(LogContract.Names.InitOk));
        Assert.Equal("] accept_failing ", LogContract.TextNeedle(LogContract.Names.AcceptFailing));
        Assert.Equal("\"Name\":\"descriptors\"", LogContract.ClefNeedle(LogContract.Names.Descriptors));
        Assert.DoesNotContain(LogContract.ClefNeedle(LogContract.Names.Descriptors), "{\"EventId\":{\"Name\":\"descriptors_short\"}}");
        Assert.Equal(42, LogContract.ClefField("{\"portId\":42}", LogContract.Fields.PortId));
        Assert.Null(LogContract.ClefField("not json", LogContract.Fields.PortId));
    }

    /// <summary>Sources allowed a word that is also a log's, with why.</summary>
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["Probes/Measure/Http/ConnectionEndNames.cs"] = "the HTTP probe's own names for how its connections ended (io_error), not the gateway's",
        ["Probes/Measure/Http/LabEndpointView.cs"] = "the lab endpoint's HTTP reply ({\"portId\":…}), read by the probe: the endpoint's contract, not the log's",
    };

    [Fact]
    public void NoSourceOutsideLabLogsUsesALogsNamesAsData()
    {
        var tokens = Tokens();
        Assert.Contains("do_terminate", tokens);
        Assert.Contains("closeKind", tokens);
        Assert.Contains("gateway.clef", tokens);
        var offenders = new List<string>();
        var sources = Directory.EnumerateFiles(RepoRoot.Path(""), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoRoot.Path(""), f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("RunLogs/", StringComparison.Ordinal) && !f.StartsWith("tests/", StringComparison.Ordinal)
                        && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !Allowed.ContainsKey(f))
            .ToList();
        Assert.True(sources.Count > 100, $"{sources.Count} sources: the walk found too few");
        foreach (var file in sources)
        {
            var lines = File.ReadAllLines(RepoRoot.Path(file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                    continue;
                foreach (Match literal in Literal().Matches(lines[i]))
                {
                    var text = literal.Groups["text"].Value;
                    foreach (var token in tokens.Where(t => UsedAsData(text, t)))
                        offenders.Add($"{file}:{i + 1}: \"{token}\" in {literal.Value}");
                }
            }
        }
        Assert.True(offenders.Count == 0, "log names used as data outside Lab.Logs (use LogContract, RunFiles, LogNames):\n" + string.Join('\n', offenders));
    }

    /// <summary>The whole string, a JSON key or value (<c>\"token\"</c>), a text-log needle (<c>] token</c>), or a file glob.</summary>
    private static bool UsedAsData(string text, string token) =>
        text == token
        || text.Contains($"\\\"{token}\\\"", StringComparison.Ordinal)
        || text.Contains($"] {token}", StringComparison.Ordinal)
        || (token.Contains('.') && text.Contains('*') && Regex.IsMatch(text, $@"{Regex.Escape(token.Split('.')[0])}[-*]*\*\.{Regex.Escape(token.Split('.')[1])}"));

    /// <summary>The distinctive names: events with an underscore, camelCase fields, the closed sets' words with one, the file names.</summary>
    private static List<string> Tokens()
    {
        var contract = typeof(LogContract);
        string[] Constants(Type t) => t.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        var names = Constants(contract.GetNestedType("Names")!).Where(n => n.Contains('_'));
        var fields = Constants(contract.GetNestedType("Fields")!).Where(f => f.Any(char.IsUpper));
        var reasons = Enum.GetValues<TerminateReason>().Select(r => r.ToLogName()).Where(n => n.Contains('_'));
        return [.. names, .. fields, .. reasons, RunFiles.TextLog, RunFiles.JsonLog, RunFiles.Journal];
    }

    [GeneratedRegex("\"(?<text>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Literal();
}
