using System.CommandLine;
using System.Text.Json;
using Lab.Bench;
using Lab.Bench.Cluster;
using Lab.Common.Cli;

// ./lab bench [--quick]: builds Release (the lab script does), runs the reference servers and the
// gateway side by side, prints the table and writes bench/results/<UTC stamp>.md, .json and .png.
if (args.FirstOrDefault() == "cluster")
    return await CliRunner.RunAsync(new RootCommand("LabBench") { ClusterCommand.Create() }, args);
if (args.FirstOrDefault() == "hold-clients")
    return await HeldClients.RunChildAsync(args);
if (args.FirstOrDefault() == "chart")
{
    // The ratio chart again from a results file (e.g. after the chart changed): RESULTS.json → RESULTS.png.
    if (args.Length != 2 || !File.Exists(args[1]))
    {
        Console.Error.WriteLine($"error: usage: LabBench chart RESULTS.json (a bench/results file){(args.Length == 2 ? $"; {args[1]} does not exist" : "")}");
        return 2;
    }
    BenchReport? saved;
    try
    {
        saved = JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(args[1]), new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
    catch (JsonException e)
    {
        Console.Error.WriteLine($"error: {args[1]} is not a bench results file: {e.Message}");
        return 2;
    }
    var png = Path.ChangeExtension(args[1], ".png");
    RatioChart.Save(saved!, png);
    Console.WriteLine($"chart: {png}");
    return 0;
}
if (args.FirstOrDefault() == "soak-check")
{
    // The soak's log checks on one gateway run directory (after the gateway exited): for a run made by hand.
    if (args.Length != 2 || !Directory.Exists(args[1]))
    {
        Console.Error.WriteLine($"error: usage: LabBench soak-check RUN_DIRECTORY (an existing gateway run directory){(args.Length == 2 ? $"; {args[1]} does not exist" : "")}");
        return 2;
    }
    var found = RunLogCheck.Of(args[1]);
    Console.WriteLine(found.Summary());
    foreach (var m in found.Mismatches)
        Console.WriteLine($"MISMATCH {m}");
    if (!found.Ok)
        Console.WriteLine($"logs kept: {Path.GetFullPath(args[1])}");
    return found.Ok ? 0 : 1;
}
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries);
var soakLogs = args.SkipWhile(a => a != "--logs").Skip(1).FirstOrDefault();
var unknown = args.Where((a, i) => a is not ("--quick" or "--help" or "-h" or "soak" or "--only" or "--logs" or "--fail-on-miss") && !(i > 0 && args[i - 1] is "--only" or "--logs")).ToList();
if (unknown.Count > 0 || (args.Contains("--only") && only is null) || (args.Contains("--logs") && (soakLogs is null || !args.Contains("soak"))))
{
    Console.Error.WriteLine($"error: {(unknown.Count > 0 ? $"unknown argument '{unknown[0]}'" : args.Contains("--only") && only is null ? "--only needs WORKLOAD,…" : "--logs DIR goes with soak")}; " +
                            "usage: LabBench [--quick] [--only WORKLOAD,…] [--fail-on-miss] | LabBench soak [--quick] [--logs DIR] | LabBench soak-check RUN_DIRECTORY | LabBench chart RESULTS.json");
    return 2;
}
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("LabBench [--quick] [--only WORKLOAD,…] [--fail-on-miss]: the gateway against OTP and bare Kestrel, side by side (docs/performance.md).");
    Console.WriteLine("  --fail-on-miss: exit 1 when any target is a MISS (for scripts); otherwise MISS lines are reported and the exit is 0.");
    Console.WriteLine("LabBench chart RESULTS.json: draw a results file's ratio chart again (RESULTS.png).");
    Console.WriteLine("  workloads: " + string.Join(", ", BenchConfig.Full.Workloads) + ", http");
    Console.WriteLine("LabBench soak [--quick] [--logs DIR]: churn rounds, a flood, SIGTERM, then a gateway offered more connections than its descriptor limit, then a 10-minute reject storm (--quick: 1 minute) with RSS, files and disk per minute (docs/reliability.md).");
    Console.WriteLine("  Any MISMATCH (a lost do_terminate, failed log writes, descriptors not back, RSS over its bound) exits 1 and keeps the logs (under --logs DIR, default the temp directory); otherwise they are deleted.");
    Console.WriteLine("LabBench soak-check RUN_DIRECTORY: the soak's log checks on one gateway run directory; exit 1 on a MISMATCH.");
    Console.WriteLine("LabBench cluster --help: the gateway under Locust (a master and worker processes), the engine's counts beside the gateway's own and labload's; options there.");
    return 0;
}
var paths = BenchPaths.Discover();
foreach (var needed in new[] { paths.GatewayDll, paths.KestrelDll, paths.OtpScript })
{
    if (!File.Exists(needed))
    {
        Console.Error.WriteLine($"error: {needed} is missing; build the solution in {paths.Configuration} first (./lab bench does)");
        return 2;
    }
}
if (args.Contains("soak"))
{
    var soakStarted = DateTime.UtcNow;
    var (soak, ok) = await new Soak(paths, args.Contains("--quick") ? 10_000 : 100_000, 1000, TimeSpan.FromMinutes(args.Contains("--quick") ? 1 : 10),
        Path.GetFullPath(soakLogs ?? Path.GetTempPath()),
        line => Console.Error.WriteLine($"[{(DateTime.UtcNow - soakStarted).TotalSeconds,6:0.0}s] {line}")).RunAsync();
    Console.WriteLine(soak);
    return ok ? 0 : 1;
}
var config = args.Contains("--quick") ? BenchConfig.Quick : BenchConfig.Full;
if (only is not null)
{
    var bad = only.Where(w => w != "http" && !BenchConfig.Full.Workloads.Contains(w)).ToList();
    if (bad.Count > 0)
    {
        Console.Error.WriteLine($"error: --only: unknown workload '{bad[0]}'; use {string.Join(", ", BenchConfig.Full.Workloads)}, http");
        return 2;
    }
    config = config with
    {
        Workloads = only.Where(w => w != "http").ToList(),
        ScalingLevels = config.ScalingLevels.Where(n => only.Contains($"echo-{n}x64")).ToList(),
        HttpRequests = only.Contains("http") ? BenchConfig.Full.HttpRequests : 0,
    };
}
var started = DateTime.UtcNow;
var report = await new BenchRunner(config, paths, line => Console.Error.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,6:0.0}s] {line}")).RunAsync();

var table = BenchTable.Render(report);
Directory.CreateDirectory(paths.Results);
var stem = Path.Combine(paths.Results, $"{report.At:yyyyMMdd-HHmmss}{(args.Contains("--quick") ? "-quick" : "")}");
File.WriteAllText(stem + ".md", table);
File.WriteAllText(stem + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
RatioChart.Save(report, stem + ".png");
Console.WriteLine(table);
Console.WriteLine($"results: {stem}.md, .json, .png");
var missed = BenchTable.Checks(report).Count(c => !c.Pass);
if (args.Contains("--fail-on-miss") && missed > 0)
{
    Console.Error.WriteLine($"{missed} target(s) missed (--fail-on-miss): exit 1");
    return 1;
}
return 0;
