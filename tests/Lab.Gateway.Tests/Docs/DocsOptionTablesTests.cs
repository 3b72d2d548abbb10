using Lab.TestSupport;

namespace Lab.Gateway.Tests.Docs;

/// <summary>
/// The options tables in README.md and docs/ say what the CLIs accept: each table names its command,
/// lists exactly the options that command's --help lists, with the same defaults, and every command
/// that takes options has a table. The CLIs are the truth: a difference is fixed in the docs.
/// </summary>
public class DocsOptionTablesTests
{
    private static readonly MarkdownOptionTables Docs = MarkdownOptionTables.ReadAll(RepoRoot.Folder);

    [Fact]
    public void EveryOptionsTableNamesTheCommandItMirrors()
    {
        Assert.True(Docs.Problems.Count == 0, string.Join('\n', Docs.Problems));
        // Guards against a parser that silently finds nothing (every table "matching" vacuously).
        Assert.True(Docs.Tables.Count >= 17, $"only {Docs.Tables.Count} options tables found");
    }

    [Fact]
    public async Task EveryOptionsTableListsWhatItsCommandsHelpLists()
    {
        var differences = new List<string>();
        foreach (var table in Docs.Tables)
            differences.AddRange(OptionTableComparison.Differences(table, await LabCli.HelpAsync(table.Command)));
        Assert.True(differences.Count == 0, "the docs and --help differ (fix the docs):\n" + string.Join('\n', differences));
    }

    [Fact]
    public async Task EveryCommandThatTakesOptionsHasATable()
    {
        var commands = await LabCli.AllCommandsWithOptionsAsync();
        var tied = Docs.Tables.Select(t => t.Command).ToHashSet();
        var missing = commands.Select(c => c.Command).Where(c => !tied.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "no options table in docs/ for: " + string.Join(", ", missing));
        Assert.Contains("gateway serve", commands.Select(c => c.Command));
        Assert.Contains("bench soak", commands.Select(c => c.Command));
    }

    [Fact]
    public async Task ARemovedRowABogusRowAndAWrongDefaultAreEachReported()
    {
        // The real gateway serve table, edited three ways, against the real --help.
        var page = File.ReadAllText(RepoRoot.Path("docs", "gateway.md"));
        var edited = page
            .Replace("| `--bind` | `127.0.0.1` | listen address; anything but loopback prints a warning |\n", "")
            .Replace("| `--backlog` | `4096` |", "| `--backlog` | `512` |")
            .Replace("| `--logs` |", "| `--bogus` | off | not an option |\n| `--logs` |");
        Assert.NotEqual(page, edited);
        var serve = MarkdownOptionTables.Parse("gateway.md", edited).Tables.Single(t => t.Command == "gateway serve");

        var differences = OptionTableComparison.Differences(serve, await LabCli.HelpAsync("gateway serve"));

        Assert.Equal(3, differences.Count);
        Assert.Contains(differences, d => d.Contains("--bind is in './lab gateway serve --help' but not in the table"));
        Assert.Contains(differences, d => d.Contains("--bogus is in the table but not in './lab gateway serve --help'"));
        Assert.Contains(differences, d => d.Contains("--backlog's default is '512' in the table but '4096'"));
    }

    [Fact]
    public void AnOptionsTableWithoutItsCommandOrACommentAwayFromATableIsAProblem()
    {
        const string page = """
            | option | meaning |
            |---|---|
            | `--json` | print JSON |

            <!-- options: probe http -->

            | option | meaning |
            |---|---|
            | `--url` | target |

            ```
            | `--inside-a-fence` | printed output, not documentation |
            |---|---|
            ```
            """;

        var parsed = MarkdownOptionTables.Parse("page.md", page);

        Assert.Empty(parsed.Tables);
        Assert.Equal(3, parsed.Problems.Count);
        Assert.Contains(parsed.Problems, p => p.StartsWith("page.md:1: a table of options (`--json`", StringComparison.Ordinal));
        Assert.Contains(parsed.Problems, p => p.StartsWith("page.md:5: '<!-- options: probe http -->' is not right above a table", StringComparison.Ordinal));
        Assert.Contains(parsed.Problems, p => p.StartsWith("page.md:7: a table of options (`--url`", StringComparison.Ordinal));
    }

    [Fact]
    public void AliasesMayBeListedOrLeftOut()
    {
        var help = CommandHelp.Parse("probe http", """
            Options:
              --url <url> (REQUIRED)           Target URL.
              -n, --requests <requests>        Requests per mode. [default: 1000]
              -c, --concurrency <concurrency>  Concurrent workers. [default: 8]
              -?, -h, --help                   Show help and usage information
            """);
        var table = MarkdownOptionTables.Parse("http.md", """
            <!-- options: probe http -->
            | option | default | meaning |
            |---|---|---|
            | `--url` | required | target |
            | `--requests`, `-n` | `1000` | requests |
            | `--concurrency` | `8` | workers |
            | `-x` | | not an alias of anything |
            """).Tables.Single();

        var differences = OptionTableComparison.Differences(table, help);

        Assert.Equal(["http.md:7: -x is in the table but not in './lab probe http --help'"], differences);
    }
}
