using System.Collections.Concurrent;
using System.Diagnostics;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Docs;

/// <summary>
/// The lab's CLIs by the names <c>./lab</c> gives them, run from their builds (<c>dotnet X.dll VERB… --help</c>)
/// to read what each command accepts. Every one is a System.CommandLine CLI, so every help has the same sections.
/// </summary>
public static class LabCli
{
    // ./lab gateway|probe|browser|bench (the lab script) and the project that builds each.
    private static readonly Dictionary<string, (string Folder, string Assembly)> Builds = new()
    {
        ["gateway"] = ("Gateway", "Gateway"),
        ["probe"] = ("Probes", "Probes"),
        ["browser"] = ("BrowserLab", "BrowserLab"),
        ["bench"] = (Path.Combine("bench", "Runner"), "LabBench"),
    };

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Printed = new();

    /// <summary>The help of a command such as "probe limits plan"; null when the CLI has no such command.</summary>
    public static async Task<CommandHelp?> HelpAsync(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !Builds.ContainsKey(words[0]))
            return null;
        var (exitCode, text) = await RunHelpAsync(words[0], words[1..]);
        return exitCode == 0 ? CommandHelp.Parse(command, text) : null;
    }

    /// <summary>Every command of every CLI that takes an option of its own, found from the root helps down.</summary>
    public static async Task<IReadOnlyList<CommandHelp>> AllCommandsWithOptionsAsync()
    {
        var found = new List<CommandHelp>();
        var pending = new Queue<string>(Builds.Keys);
        while (pending.TryDequeue(out var command))
        {
            var help = await HelpAsync(command) ?? throw new InvalidOperationException($"'{command} --help' failed");
            if (help.Options.Count > 0)
                found.Add(help);
            foreach (var sub in help.Subcommands)
                pending.Enqueue($"{command} {sub}");
        }
        return found;
    }

    private static async Task<(int ExitCode, string Text)> RunHelpAsync(string cli, string[] verbs)
    {
        var key = string.Join(' ', new[] { cli }.Concat(verbs));
        var text = await Printed.GetOrAdd(key, _ => new Lazy<Task<string>>(() => RunAsync(cli, verbs))).Value;
        var newline = text.IndexOf('\n');
        return (int.Parse(text[..newline]), text[(newline + 1)..]);
    }

    // "EXITCODE\nSTDOUT+STDERR", so that one cached string holds both.
    private static async Task<string> RunAsync(string cli, string[] verbs)
    {
        var (folder, assembly) = Builds[cli];
        var dll = RepoRoot.BuiltDll(folder, assembly);
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} is missing: build the solution first (dotnet build Lab.sln, or ./lab test)");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var v in verbs)
            info.ArgumentList.Add(v);
        info.ArgumentList.Add("--help");
        info.Environment["COLUMNS"] = "1000"; // whole lines: a default list is never folded mid-word
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return $"{process.ExitCode}\n{await stdout}{await stderr}";
    }
}
