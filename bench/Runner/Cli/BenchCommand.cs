using System.CommandLine;
using System.Text.Json;
using Lab.Common.Cli;

namespace Lab.Bench.Cli;

/// <summary><c>LabBench [--quick] [--only WORKLOAD,…] [--fail-on-miss]</c> (<c>./lab bench</c>): the gateway
/// against OTP, bare Kestrel, Netty and Go side by side (<c>--servers</c> picks some); prints a line per metric (BenchSummary) and writes bench/results/&lt;UTC stamp&gt;.md,
/// .json, .png and .html.</summary>
internal static class BenchCommand
{
    /// <summary>What --only takes: every workload of the full run, and the HTTP calibration.</summary>
    private static readonly string[] Workloads = [.. BenchConfig.Full.Workloads, "http"];

    internal static readonly Option<bool> Quick = new("--quick")
    { Description = "One repetition of 1 s warm-up + 2 s measured cells over a few workloads (about 1.5 min); results not tracked." };
    private static readonly Option<string[]> Only = new("--only")
    {
        Description = $"Only these workloads, comma-separated: {string.Join(", ", Workloads)}.",
        HelpName = "workload,…",
        CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray(),
    };
    private static readonly string[] ServerNames = BenchConfig.AllServers.Select(BenchLines.Name).ToArray();

    private static readonly Option<string[]> Servers = new("--servers")
    {
        Description = $"Only these servers, comma-separated, the gateway among them: {string.Join(", ", ServerNames)} " +
                      "(default: all five; --quick: gateway, otp, kestrel). \"Best peer\" targets take the best of the peers run, and say which were not.",
        HelpName = "server,…",
        CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray(),
    };

    private static readonly Option<bool> FailOnMiss = new("--fail-on-miss")
    { Description = "Exit 1 when any target is a MISS (for scripts); otherwise MISS lines are reported and the exit is 0." };

    public static RootCommand Create()
    {
        Only.Validators.Add(result =>
        {
            var given = result.GetValueOrDefault<string[]>() ?? [];
            if (given.Length == 0)
                result.AddError("--only: name at least one workload");
            else if (given.FirstOrDefault(w => !Workloads.Contains(w)) is { } unknown)
                result.AddError($"--only: unknown workload '{unknown}'; use {string.Join(", ", Workloads)}");
        });
        Servers.Validators.Add(result =>
        {
            var given = result.GetValueOrDefault<string[]>() ?? [];
            if (given.FirstOrDefault(w => !ServerNames.Contains(w)) is { } unknown)
                result.AddError($"--servers: unknown server '{unknown}'; use {string.Join(", ", ServerNames)}");
            else if (!given.Contains("gateway"))
                result.AddError("--servers: name the gateway too; the bench measures it against the peers");
        });
        var root = new RootCommand("The gateway against OTP, bare Kestrel, Netty and Go, side by side (docs/performance.md).")
        {
            Quick, Only, Servers, FailOnMiss,
            SoakCommand.Create(), SoakCheckCommand.Create(), ChartCommand.Create(), Lab.Bench.Cluster.ClusterCommand.Create(), Lab.Bench.Cluster.ClusterCheckCommand.Create(), HoldClientsCommand.Create(),
        };
        root.SetAction((parse, cancel) => RunAsync(ConfigOf(parse), parse.GetValue(Quick), parse.GetValue(FailOnMiss), cancel));
        return root;
    }

    /// <summary>The run a command line asks for: the full or quick configuration, narrowed by --only when given
    /// (an option left out parses as an empty list here, which must mean "all", never "none").</summary>
    internal static BenchConfig ConfigOf(ParseResult parse)
    {
        var config = parse.GetValue(Quick) ? BenchConfig.Quick : BenchConfig.Full;
        if (parse.GetValue(Servers) is { Length: > 0 } servers)
            config = config with { Servers = BenchConfig.AllServers.Where(k => servers.Contains(BenchLines.Name(k))).ToList() };
        if (parse.GetValue(Only) is not { Length: > 0 } only)
            return config;
        return config with
        {
            Workloads = only.Where(w => w != "http").ToList(),
            ScalingLevels = config.ScalingLevels.Where(n => only.Contains($"echo-{n}x64")).ToList(),
            HttpRequests = only.Contains("http") ? BenchConfig.Full.HttpRequests : 0,
        };
    }

    private static async Task<int> RunAsync(BenchConfig config, bool quick, bool failOnMiss, CancellationToken interrupt)
    {
        var paths = BenchPaths.RequireBuilt();
        var started = DateTime.UtcNow;
        var report = await new BenchRunner(config, paths, line => Console.Error.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,6:0.0}s] {line}")).RunAsync(interrupt);

        var table = BenchTable.Render(report);
        Directory.CreateDirectory(paths.Results);
        var stem = Path.Combine(paths.Results, $"{report.At:yyyyMMdd-HHmmss}{(quick ? "-quick" : "")}{(report.Interrupted ? "-interrupted" : "")}");
        File.WriteAllText(stem + ".md", table);
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(report, JsonOutput.Indented));
        File.WriteAllText(stem + ".html", BenchHtml.Render(report));
        RatioChart.Save(report, stem + ".png");
        Console.Write(BenchSummary.Render(report, stem + ".md"));
        Console.WriteLine($"results: {stem}.md, .json, .png, .html");
        var (exit, why) = ExitOf(report, failOnMiss);
        if (why is not null)
            Console.Error.WriteLine(why);
        return exit;
    }

    /// <summary>The exit code of a finished run, and the line that explains a 1: with --fail-on-miss any MISS among
    /// the targets the table counts (<see cref="BenchTable.Checks"/>) is exit 1; without it a MISS is reported and the exit is 0.</summary>
    internal static (int ExitCode, string? Why) ExitOf(BenchReport report, bool failOnMiss)
    {
        var missed = BenchTable.Checks(report).Count(c => !c.Pass);
        return failOnMiss && missed > 0
            ? (ExitCodes.MeasurementFailed, $"{missed} target(s) missed (--fail-on-miss): exit 1")
            : (ExitCodes.Ok, null);
    }
}
