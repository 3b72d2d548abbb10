namespace Lab.Bench;

/// <summary>
/// Runs every workload on every server, alternating servers within each repetition (A B C A B C) so
/// the machine's noise falls on all of them; each cell gets a freshly started server.
/// </summary>
public sealed class BenchRunner(BenchConfig config, BenchPaths paths, Action<string> progress)
{
    public static readonly ServerKind[] Servers = [ServerKind.Gateway, ServerKind.Otp, ServerKind.Kestrel];

    public async Task<BenchReport> RunAsync()
    {
        var cells = new List<CellResult>();
        var total = config.Workloads.Count * config.Repetitions * Servers.Length;
        var done = 0;
        foreach (var id in config.Workloads)
        {
            var workload = Workload.For(id);
            for (var rep = 1; rep <= config.Repetitions; rep++)
            {
                foreach (var kind in Servers)
                {
                    progress($"[{++done}/{total}] {id} on {kind} (repetition {rep})");
                    using var server = await ServerProcess.StartAsync(kind, paths);
                    cells.Add(new CellResult(id, kind, rep, await workload.RunAsync(server, config)));
                }
            }
        }
        var http = config.HttpRequests > 0
            ? await new HttpCalibration(paths, config.HttpRequests, 8, progress).RunAsync()
            : [];
        return new BenchReport(DateTimeOffset.UtcNow, paths.Configuration, Environment.ProcessorCount, config, BenchLines.From(cells, config), http);
    }
}
