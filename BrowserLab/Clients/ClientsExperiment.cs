using Lab.Logs.Analysis;
using Lab.Gateway.Connections;
using Lab.Gateway.Hosting;
using Lab.Gateway.Logging;

namespace Lab.BrowserLab.Clients;

/// <summary>
/// The same rejection, every kind of client: for each policy an in-process gateway; for each trial each
/// client loads <c>http://GATEWAY/PATH</c> once and is given the settle time to retry or reload as it will,
/// one attempt after another, so every connection the gateway accepted belongs to exactly one attempt
/// (by its accept time). The gateway's own log gives the counts; the client's own log, where it keeps one,
/// gives its account of the same connections.
/// </summary>
internal sealed class ClientsExperiment(
    IReadOnlyList<RejectPolicy> policies, IReadOnlyList<ClientUnderTest> clients, int trials, TimeSpan settle,
    TimeSpan? idleTimeout, string path, string outDir, Action<string> progress)
{
    /// <param name="interrupt">Ctrl+C: the attempt under way is dropped (the signal reaches a client in this
    /// process group too), no other starts, and the result covers the attempts finished, marked interrupted.</param>
    public async Task<ClientsResult> RunAsync(CancellationToken interrupt = default)
    {
        var runs = new List<ClientRun>();
        var gatewayName = "";
        var port = 0; // every policy's gateway on the first one's port: one IP:PORT for the whole run
        var total = policies.Count * trials * clients.Count;
        var done = 0;
        foreach (var policy in policies.TakeWhile(_ => !interrupt.IsCancellationRequested))
        {
            var name = RejectPolicyNames.Of(policy);
            var windows = new List<(ClientUnderTest Client, int Trial, DateTimeOffset From, DateTimeOffset To, ClientAttempt Attempt)>();
            await using (var host = await GatewayHost.StartAsync(new GatewayOptions
                         {
                             FramesPort = port, HttpPort = null, Policy = policy, IdleTimeout = idleTimeout,
                             LogsDirectory = Path.Combine(outDir, $"gateway-{name}"),
                             LogFiles = new LogFileOptions { ConnectionFiles = true },
                         }))
            {
                gatewayName = host.FramesEndPoint.ToString();
                port = host.FramesEndPoint.Port;
                var url = $"http://{host.FramesEndPoint}{path}";
                for (var trial = 1; trial <= trials && !interrupt.IsCancellationRequested; trial++)
                {
                    foreach (var client in clients.TakeWhile(_ => !interrupt.IsCancellationRequested))
                    {
                        var work = Directory.CreateDirectory(Path.Combine(outDir, name, $"{client.Name}-{trial}")).FullName;
                        progress($"[{++done}/{total}] {name}, trial {trial}: {client.Name}");
                        var from = DateTimeOffset.UtcNow;
                        var attempt = await AttemptAsync(client, url, work, interrupt);
                        await WaitForQuietAsync(host); // whatever it opened is closed and logged before the next client starts
                        if (attempt is null)
                        {
                            progress($"[{done}/{total}] discarded: the signal came during it");
                            break;
                        }
                        windows.Add((client, trial, from, DateTimeOffset.UtcNow, attempt));
                        progress($"    {attempt.Error}" + (attempt.CutOff ? " (cut off)" : ""));
                    }
                }
                await host.StopAsync();
            }

            var run = GatewayRun.Read(Path.Combine(outDir, $"gateway-{name}"));
            foreach (var (client, trial, from, to, attempt) in windows)
            {
                var mine = run.FrameConnections.Where(c => c.AcceptedAt >= from && c.AcceptedAt < to).OrderBy(c => c.AcceptedAt).ToList();
                runs.Add(new ClientRun(client.Name, name, trial, mine.Count, mine.Count(c => c.BytesIn > 0),
                    mine.Count > 1 ? Math.Round((mine[^1].AcceptedAt - mine[0].AcceptedAt).TotalMilliseconds, 1) : 0,
                    attempt.Error, attempt.OwnCount, attempt.OwnRetries, attempt.CutOff)
                {
                    Timeline = ClientAttemptTimeline.Build(mine, from, client.Name),
                });
            }
        }
        return new ClientsResult(gatewayName, runs, ClientsResult.Summarize(runs)) { Interrupted = interrupt.IsCancellationRequested, AttemptsPlanned = total };
    }

    /// <summary>One attempt, or null when the signal came before it ended.</summary>
    private async Task<ClientAttempt?> AttemptAsync(ClientUnderTest client, string url, string work, CancellationToken interrupt)
    {
        try
        {
            var attempt = await client.RunAsync(url, settle, work, interrupt);
            return interrupt.IsCancellationRequested ? null : attempt;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task WaitForQuietAsync(GatewayHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        await Task.Delay(200);
        while (host.LiveConnections > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
    }
}
