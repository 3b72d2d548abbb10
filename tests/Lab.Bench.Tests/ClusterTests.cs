using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Lab.Bench;
using Lab.Bench.Cluster;
using Lab.Probes.Frames;

namespace Lab.Bench.Tests;

/// <summary>bench cluster's engine, Locust (one master and two worker processes on this machine, started by
/// the run, or on client hosts in network namespaces), against the real gateway in runs of a few seconds: every
/// count the engine reports equals the gateway's own, exactly. Each run keeps its directory (gateway logs, Locust's CSV and logs) under the
/// test's scratch folder; a failing assertion names it.</summary>
public sealed class ClusterTests : IDisposable
{
    private static readonly TimeSpan Work = TimeSpan.FromSeconds(2);
    private readonly BenchPaths _paths = BenchPaths.Discover();
    private readonly string _scratch = Directory.CreateTempSubdirectory("lab-cluster-").FullName;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;
    private bool _keep;

    public ClusterTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task EchoCountsEqualTheGatewaysAndEveryEchoIsChecked()
    {
        var r = await RunAsync(ClusterWorkload.Echo, users: 10);

        AssertCountsAgree(r);
        Assert.Equal(10, r.EngineCounts.Connections); // one connection per echo user, none lost
        Assert.True(r.EngineCounts.Operations > 0, Where(r));
        Assert.Equal(0, r.EngineCounts.Errors);
        Assert.Equal(0, r.EngineCounts.OperationFailures);
        Assert.Equal(r.EngineCounts.Operations, r.Gateway!.Frames);
    }

    [Fact]
    public async Task RejectStormsRejectedCountEqualsTheGatewaysHeadErrors()
    {
        var r = await RunAsync(ClusterWorkload.Reject, users: 10);

        AssertCountsAgree(r);
        Assert.True(r.EngineCounts.Operations > 10, Where(r));
        Assert.Equal(r.EngineCounts.Operations, r.Gateway!.HeadErrors);
        Assert.Equal(r.EngineCounts.Connections, r.EngineCounts.Operations); // one connection per bogus GET
        // The gateway's default policy closes with FIN after "GET " (read as the length 1195725856).
        Assert.Equal(r.EngineCounts.Operations, r.EngineCounts.OperationsByName.GetValueOrDefault("fin"));
        Assert.Equal(0, r.EngineCounts.Errors);
    }

    [Fact]
    public async Task HoldFromTwoClientAddressesCountsEveryConnectionOnBothSides()
    {
        var r = await RunAsync(ClusterWorkload.Hold, users: 20, [IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")]);

        AssertCountsAgree(r);
        Assert.Equal(20, r.EngineCounts.Connections);
        Assert.Equal(20, r.EngineCounts.Operations); // one echo on each held connection
        Assert.Equal(0, r.EngineCounts.Errors);
        // Each worker bound its connections to its own address, and the gateway saw them come from there.
        Assert.Equal(new Dictionary<string, long> { ["127.0.0.2"] = 10, ["127.0.0.3"] = 10 }, r.Gateway!.ConnectionsByClientAddress);
    }

    [Fact]
    public async Task RejectFromTwoClientHostsCrossesTheBridgeAndLeavesTheHostsNetworkAsItWas()
    {
        var linksBefore = Run("ip", "-o", "link");
        var holdersBefore = NamespaceHolders();

        var r = await new ClusterRun(_paths, _output.WriteLine).RunAsync(Options(ClusterWorkload.Reject, 10, []) with { ClientHosts = 2 });
        var text = Lab.Common.Text.Prose.FoldLines(ClusterTable.Render(r)); // as the command prints it in a pipe
        _output.WriteLine(text);
        Assert.Empty(Lab.TestSupport.OutputWidth.Problems(text, "bench cluster"));

        AssertCountsAgree(r);
        Assert.True(r.EngineCounts.Operations > 10, Where(r));
        Assert.Equal(0, r.EngineCounts.Errors);
        Assert.StartsWith($"{ClusterNetwork.ServerAddress}:", r.Target);
        // The gateway's own logs: every connection came from one of the two client hosts' addresses, across the bridge.
        Assert.Equal(["169.254.78.11", "169.254.78.12"], r.Gateway!.ConnectionsByClientAddress.Keys.Order());
        Assert.All(r.Gateway.ConnectionsByClientAddress.Values, n => Assert.True(n > 0, Where(r)));
        Assert.Equal(r.EngineCounts.Connections, r.Gateway.ConnectionsByClientAddress.Values.Sum());
        // The namespaces went with the run, and this host's interfaces were never touched.
        Assert.Equal(holdersBefore, NamespaceHolders());
        Assert.Equal(linksBefore, Run("ip", "-o", "link"));
    }

    [Fact]
    public async Task EchoThatComesBackChangedIsAFailureNotAnEcho()
    {
        // A peer (given as --target) that flips the last byte of every third echo: the engine must count each as a failure.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var peer = CorruptingEchoAsync(listener, stop.Token);
        var options = Options(ClusterWorkload.Echo, 1, []) with { Target = (IPEndPoint)listener.LocalEndpoint };

        var r = await new ClusterRun(_paths, _output.WriteLine).RunAsync(options);
        await stop.CancelAsync();
        await peer;

        Assert.Null(r.Gateway);
        Assert.Empty(r.Checks);
        Assert.True(r.EngineCounts.Operations > 0 && r.EngineCounts.OperationFailures > 0, Where(r));
        var kind = Assert.Single(r.EngineCounts.ErrorsByKind);
        Assert.Contains("echo differs from the frame sent", kind.Key);
        // Two good echoes for each changed one (the user reconnects after a failure, so its count restarts).
        Assert.InRange(r.EngineCounts.OperationFailures, r.EngineCounts.Operations / 2 - 2, r.EngineCounts.Operations / 2 + 2);
        Assert.Equal(1, r.EngineExitCode); // Locust's own verdict: a run with failures exits 1
    }

    private async Task<ClusterReport> RunAsync(ClusterWorkload workload, int users, IReadOnlyList<IPAddress>? addresses = null)
    {
        var r = await new ClusterRun(_paths, _output.WriteLine).RunAsync(Options(workload, users, addresses ?? []));
        _output.WriteLine(ClusterTable.Render(r));
        return r;
    }

    private ClusterOptions Options(ClusterWorkload workload, int users, IReadOnlyList<IPAddress> addresses) =>
        new(workload, users, Work, null, Workers: 2, addresses, _scratch, Reference: false);

    private void AssertCountsAgree(ClusterReport r)
    {
        Assert.True(r.EngineFinished, $"Locust stopped before every user finished; {Where(r)}");
        Assert.NotNull(r.Gateway);
        Assert.True(r.Gateway.ExitedCleanly, Where(r));
        Assert.Equal(4, r.Checks.Count);
        foreach (var c in r.Checks)
            Assert.True(c.Equal, $"{c.What}: engine {c.Engine}, gateway {c.Gateway}; {Where(r)}");
    }

    /// <summary>Network namespaces held by a sleep, as the lab's are (other tests' namespaces, made at the same
    /// time by other test classes, run other commands).</summary>
    private static string NamespaceHolders() =>
        string.Join('\n', Run("lsns", "-t", "net", "-n", "-o", "NS,COMMAND").Split('\n').Where(l => l.Contains(" sleep ", StringComparison.Ordinal)));

    private static string Run(string file, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file, args) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        // lsns lists namespaces in an order of its own.
        return string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Order());
    }

    private string Where(ClusterReport r)
    {
        _keep = true;
        return $"run directory kept: {r.RunDirectory}";
    }

    private static async Task CorruptingEchoAsync(TcpListener listener, CancellationToken stop)
    {
        var sessions = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stop);
                sessions.Add(Task.Run(async () =>
                {
                    using var s = socket;
                    var head = new byte[4];
                    try
                    {
                        for (var n = 1; ; n++)
                        {
                            await s.ReceiveExactlyAsync(head, stop);
                            var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(head)];
                            await s.ReceiveExactlyAsync(payload, stop);
                            if (n % 3 == 0)
                                payload[^1] ^= 0xFF;
                            await s.SendAsync(head.Concat(payload).ToArray(), stop);
                        }
                    }
                    catch (Exception e) when (e is SocketException or EndOfStreamException or OperationCanceledException) { }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) { }
        await Task.WhenAll(sessions);
    }

    public void Dispose()
    {
        if (_keep)
            return;
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A process still writing: the temporary folder is left to the OS.
        }
    }
}
