using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.LabScript;

/// <summary>tests/trx-summary.py, the closing lines of ./lab test that CI reads: its totals equal what
/// `dotnet test` itself printed for the same run, and a failure in the .trx is repeated by name with its
/// message above them.</summary>
public class TrxSummaryTests
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    [Fact]
    public void TotalsEqualDotnetTestsOwnAndAFailureIsRepeatedAboveThem()
    {
        var results = Directory.CreateTempSubdirectory("lab-trx-").FullName;
        var project = RepoRoot.Path("tests", "Lab.Framing.Tests", "Lab.Framing.Tests.csproj");
        var run = Run("dotnet", "test", project, "--no-build", "-c", RepoRoot.Configuration, "--filter", "FullyQualifiedName~HeaderGuess",
            "--logger", "trx;LogFilePrefix=lab", "--results-directory", results);
        var own = Regex.Match(run, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)");
        Assert.True(own.Success, run);
        var passed = int.Parse(own.Groups[2].Value);
        Assert.True(passed > 0, run);

        Assert.Equal($"{passed} passed, {own.Groups[1].Value} failed, {own.Groups[3].Value} skipped", Summary(results).Last());

        // The same file with its first result turned into a failure, as the VSTest logger writes one.
        var file = Directory.GetFiles(results, "*.trx").Single();
        var doc = XDocument.Load(file);
        var first = doc.Descendants(Trx + "UnitTestResult").First();
        first.SetAttributeValue("outcome", "Failed");
        first.Add(new XElement(Trx + "Output", new XElement(Trx + "ErrorInfo",
            new XElement(Trx + "Message", "Assert.Equal() Failure\nExpected: 1\nActual:   2"), new XElement(Trx + "StackTrace", "at Somewhere()"))));
        var counters = doc.Descendants(Trx + "Counters").Single();
        counters.SetAttributeValue("passed", passed - 1);
        counters.SetAttributeValue("failed", 1);
        doc.Save(file);

        var lines = Summary(results);
        Assert.Equal($"FAILED {first.Attribute("testName")!.Value} ({first.Attribute("duration")!.Value})", lines[0]);
        Assert.Equal(["    Assert.Equal() Failure", "    Expected: 1", "    Actual:   2", "    at Somewhere()"], lines[1..5]);
        Assert.Equal($"{passed - 1} passed, 1 failed, {own.Groups[3].Value} skipped", lines[^1]);
        Directory.Delete(results, recursive: true);
    }

    private static string[] Summary(string results) =>
        Run("python3", RepoRoot.Path("tests", "trx-summary.py"), results).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"{file} did not finish");
        return stdout.Result + stderr.Result;
    }
}
