using System.CommandLine;
using Lab.Common.Cli;
using Lab.Gateway.Connections;

namespace Lab.BrowserLab.Cli;

/// <summary>Options that <c>matrix</c> and <c>clients</c> both take, and the path check <c>run</c> and
/// <c>clients</c> share: declared and validated once.</summary>
internal static class SharedOptions
{
    public static readonly Option<string> Policies = new("--policies")
    { Description = $"Comma-separated policies: {string.Join(", ", RejectPolicyNames.All)}.", DefaultValueFactory = _ => string.Join(',', RejectPolicyNames.All), HelpName = string.Join('|', RejectPolicyNames.All) + ",…" };

    public static readonly Option<int> Trials = new("--trials")
    { Description = "Fresh runs per policy (per client and policy for clients), 1-20.", DefaultValueFactory = _ => 3 };

    public static List<RejectPolicy> PoliciesOf(ParseResult parse) => PolicyList.Parse(parse.GetValue(Policies)!);

    public static int TrialsOf(ParseResult parse)
    {
        var trials = parse.GetValue(Trials);
        return trials is >= 1 and <= 20 ? trials : throw new UsageException($"--trials: {trials} is out of range; use 1 to 20");
    }

    /// <summary>The path typed after the address: it starts with / and holds printable ASCII only.</summary>
    /// <summary>--out as given, or the default under logs/; a path that is a file, or whose parent is one, is a usage error.</summary>
    public static string OutputDirectory(string? given, string defaultName)
    {
        var dir = given ?? Path.Combine("logs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{defaultName}");
        if (File.Exists(dir))
            throw new UsageException($"--out {dir} is a file: give a directory (it is created if missing)");
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(dir)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent))
                throw new UsageException($"--out {dir}: {parent} is a file, so the directory cannot be made there");
        OutputFolder.Create(dir, "--out"); // now: a folder that cannot be made is this option's mistake, not a crash later
        return dir;
    }

    public static string CheckedPath(string path) =>
        path.StartsWith('/') && !path.Any(c => c <= ' ' || c >= 0x7F) ? path : throw new UsageException($"--path: '{path}' must start with / and hold printable ASCII only");
}
