using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Lab.Micro;

// ./lab bench micro [BenchmarkDotNet options]: the framing hot paths with their allocations.
// Results land in bench/results/micro/ (BenchmarkDotNet's artifacts).
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(FindRoot(), "bench", "results", "micro"));
// Without a --filter BenchmarkDotNet would ask interactively; there is no one to answer in CI or a script.
string[] run = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
BenchmarkSwitcher.FromAssembly(typeof(FramingBenchmarks).Assembly).Run(run, config);

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lab.sln")))
        dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
