using System.Text.Json;
using Lab.Bench;

// ./lab bench [--quick]: builds Release (the lab script does), runs the reference servers and the
// gateway side by side, prints the table and writes bench/results/<UTC stamp>.md, .json and .png.
if (args.FirstOrDefault() == "hold-clients")
    return await HeldClients.RunChildAsync(args);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries);
var unknown = args.Where((a, i) => a is not ("--quick" or "--help" or "-h" or "soak" or "--only") && !(i > 0 && args[i - 1] == "--only")).ToList();
if (unknown.Count > 0 || (args.Contains("--only") && only is null))
{
    Console.Error.WriteLine($"error: unknown argument '{unknown.FirstOrDefault() ?? "--only"}'; usage: LabBench [--quick] [--only WORKLOAD,…] | LabBench soak [--quick]");
    return 2;
}
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("LabBench [--quick] [--only WORKLOAD,…]: the gateway against OTP and bare Kestrel, side by side (README, Performance).");
    Console.WriteLine("  workloads: " + string.Join(", ", BenchConfig.Full.Workloads) + ", http");
    Console.WriteLine("LabBench soak [--quick]: churn rounds, a flood, SIGTERM, then a gateway offered more connections than its descriptor limit, then a 10-minute reject storm (--quick: 1 minute) with RSS, files and disk per minute (README, Reliability).");
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
    var soak = await new Soak(paths, args.Contains("--quick") ? 10_000 : 100_000, 1000, TimeSpan.FromMinutes(args.Contains("--quick") ? 1 : 10),
        line => Console.Error.WriteLine($"[{(DateTime.UtcNow - soakStarted).TotalSeconds,6:0.0}s] {line}")).RunAsync();
    Console.WriteLine(soak);
    return 0;
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
return 0;
