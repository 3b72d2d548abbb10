using System.Net;
using System.Net.Sockets;
using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.Join;
using Lab.BrowserLab.NetLog;
using Lab.BrowserLab.Report;
using Lab.BrowserLab.Wire;
using Lab.Common.Cli;
using Lab.Logs.Analysis;
using Lab.Gateway.Connections;
using Lab.Gateway.Hosting;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.BrowserLab.Experiment;

/// <summary>
/// The browser-retry experiment as a plain class: a gateway (in-process, or a running one), Chromium
/// navigating on a schedule, then the gateway's logs joined to Chrome's NetLog connection by connection.
/// </summary>
internal sealed class RetryExperiment(ExperimentOptions options, Action<string> progress)
{
    /// <param name="interrupt">Ctrl+C: no further step starts, a pause or watch under way ends at once, and the
    /// report covers the navigations that ran, marked interrupted (Chromium is still closed properly, so its NetLog
    /// is whole, and the gateway's logs are still joined).</param>
    public async Task<ExperimentReport> RunAsync(CancellationToken interrupt = default)
    {
        var outDir = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(outDir);
        var netLogPath = Path.Combine(outDir, "netlog.json");

        GatewayHost? host = null;
        IPEndPoint endpoint;
        string logs;
        if (options.Gateway is null)
        {
            host = await GatewayHost.StartAsync(new GatewayOptions
            {
                FramesPort = 0,
                HttpPort = null,
                Policy = options.Policy,
                IdleTimeout = options.IdleTimeout,
                LogsDirectory = Path.Combine(outDir, "gateway"),
                // A handful of connections: a user of the experiment opens gateway/conn/7.log.
                LogFiles = new LogFileOptions { ConnectionFiles = true },
            });
            endpoint = host.FramesEndPoint;
            logs = host.LogsDirectory;
            progress($"gateway {endpoint} policy={RejectPolicyNames.Of(options.Policy)} logs={logs}");
        }
        else
        {
            endpoint = options.Gateway;
            logs = options.GatewayLogs ?? throw new UsageException("--gateway needs --gateway-logs DIR (that gateway's run directory)");
            await EnsureReachableAsync(endpoint);
            if (!File.Exists(Path.Combine(logs, RunFiles.JsonLog)))
                throw new UsageException($"--gateway-logs: {logs} is not a gateway run directory (no {RunFiles.JsonLog})");
        }

        try
        {
            WireCapture? capture = options.Capture ? await WireCapture.StartAsync(endpoint.Port, Path.Combine(outDir, "wire.pcapng"), progress) : null;
            var url = $"http://{endpoint}{options.Path}";
            var launchedAt = DateTimeOffset.UtcNow;
            var (navigations, start, interruptedAt, outage) = await NavigateAsync(url, netLogPath, interrupt);

            if (host is not null)
                await host.StopAsync();
            else
                await Task.Delay(TimeSpan.FromSeconds(1.5), CancellationToken.None); // a running gateway flushes its logs every 500 ms
            var wire = capture is null ? null : await capture.StopAndReadAsync();

            progress("joining the gateway's logs with Chrome's NetLog by client port");
            var run = GatewayRun.Read(logs);
            var gatewayConnections = run.FrameConnections.Where(c => c.AcceptedAt >= launchedAt.AddSeconds(-1)).ToList();
            var netLog = NetLogModel.Build(NetLogFile.Read(netLogPath));
            var joined = new ConnectionJoin(endpoint.ToString(), start).Join(gatewayConnections, netLog, navigations);
            wire?.Annotate(joined.Connections, endpoint.Port);
            progress($"clocks: the gateway's ran {joined.Clock.AheadOrBehind()} the NetLog's (± {joined.Clock.UncertaintyMs} ms, {joined.Clock.Samples} bounds); gateway times are shifted onto the NetLog's");

            // A running gateway applies its own policy, not --policy: its head_error lines say which.
            var effective = host is null && gatewayConnections.Select(c => c.Policy).FirstOrDefault(p => p is not null) is { } running
                ? options with { Policy = RejectPolicyNames.Parse(running) }
                : options;
            return ReportBuilder.Build(new ReportInputs(effective, endpoint.ToString(), url, start, logs, netLogPath,
                capture?.Path, navigations, joined.Connections, joined.Clock, netLog, run, gatewayConnections, interruptedAt, outage))
                with { Interrupted = interrupt.IsCancellationRequested };
        }
        finally
        {
            if (host is not null)
                await host.DisposeAsync();
        }
    }

    private async Task<(List<NavigationRecord> Navigations, DateTimeOffset Start, DateTimeOffset? InterruptedAt, (DateTimeOffset Down, DateTimeOffset Up)? Outage)> NavigateAsync(
        string url, string netLogPath, CancellationToken cancellationToken)
    {
        var navigations = new List<NavigationRecord>();
        progress($"launching Chromium ({options.ChromiumExecutable}) with NetLog {netLogPath}");
        await using var browser = await ChromiumSession.LaunchAsync(netLogPath, options.ChromiumExecutable);
        var start = DateTimeOffset.UtcNow;
        var next = 1;
        for (var step = 0; step < options.Schedule.Steps.Count && !cancellationToken.IsCancellationRequested; step++)
        {
            if (step > 0 && options.Pause > TimeSpan.Zero)
            {
                if (!await WaitAsync(options.Pause, $"pausing {Duration.Format(options.Pause)} so the next step starts as fresh as the seed's minutes apart", cancellationToken))
                    break;
            }
            await browser.BeginStepAsync(fresh: !options.ReuseBrowser);
            var count = options.Schedule.Steps[step];
            var first = next;
            next += count;
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(k =>
                browser.NavigateAsync(first + k, step + 1, url, newPage: options.NewPagePerNavigation || k > 0)));
            foreach (var n in results)
            {
                navigations.Add(n);
                var outcome = n.Error ?? $"HTTP {n.Status}";
                progress($"navigation {n.Index}/{options.Schedule.Navigations} (step {n.Step}) → {outcome} after {(n.EndedAt - n.StartedAt).TotalMilliseconds:0} ms");
            }
        }
        DateTimeOffset? interruptedAt = null, networkDownAt = null, networkUpAt = null;
        if (options.WatchAfter > TimeSpan.Zero && !cancellationToken.IsCancellationRequested)
        {
            var watch = $"watching {Duration.Format(options.WatchAfter)} more with the last step's page open (what the browser does on its own)";
            if (options.NetworkOutage is { } outage)
            {
                var link = BrowserNamespace.InsideLink ?? throw new InvalidOperationException("--network-down-after runs inside the lab's namespace");
                if (!await WaitAsync(outage.After, watch, cancellationToken))
                    return await CloseAsync();
                progress($"{Duration.Format(outage.After)} into the watch: the browser's network ({link}) down for {Duration.Format(outage.For)}");
                BrowserNamespace.SetLink(link, up: false);
                networkDownAt = DateTimeOffset.UtcNow;
                // The link comes back up whatever happens: the interrupt only shortens the outage.
                await WaitAsync(outage.For, $"network down: {Duration.Format(outage.For)}", cancellationToken);
                BrowserNamespace.SetLink(link, up: true);
                networkUpAt = DateTimeOffset.UtcNow;
                progress($"the browser's network ({link}) up again");
                await WaitAsync(options.WatchAfter - outage.After - outage.For, $"watching {Duration.Format(options.WatchAfter - outage.After - outage.For)} more", cancellationToken);
            }
            else if (options.Interruption is { } stop)
            {
                if (!await WaitAsync(stop.After, watch, cancellationToken))
                    return await CloseAsync();
                progress($"{Duration.Format(stop.After)} into the watch: {stop.Describe()}");
                await browser.InterruptAsync(stop.Kind);
                interruptedAt = DateTimeOffset.UtcNow;
                await WaitAsync(options.WatchAfter - stop.After, $"watching {Duration.Format(options.WatchAfter - stop.After)} more", cancellationToken);
            }
            else
                await WaitAsync(options.WatchAfter, watch, cancellationToken);
        }
        return await CloseAsync();

        async Task<(List<NavigationRecord>, DateTimeOffset, DateTimeOffset?, (DateTimeOffset Down, DateTimeOffset Up)?)> CloseAsync()
        {
            progress("closing Chromium (its NetLog is complete only then)");
            await browser.CloseAsync();
            return (navigations, start, interruptedAt, networkDownAt is { } down && networkUpAt is { } up ? (down, up) : null);
        }
    }

    /// <summary>Waits, saying so; false when an interrupt ended the wait early.</summary>
    private async Task<bool> WaitAsync(TimeSpan duration, string what, CancellationToken interrupt)
    {
        var remaining = duration;
        progress(what);
        while (remaining > TimeSpan.Zero)
        {
            var slice = remaining < TimeSpan.FromSeconds(5) ? remaining : TimeSpan.FromSeconds(5);
            try
            {
                await Task.Delay(slice, interrupt);
            }
            catch (OperationCanceledException)
            {
                progress("  … cut short by the signal");
                return false;
            }
            remaining -= slice;
            if (remaining > TimeSpan.Zero)
                progress($"  … {remaining.TotalSeconds:0} s left");
        }
        return true;
    }

    private static async Task EnsureReachableAsync(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            throw new UsageException($"--gateway {endpoint} is not reachable: {(e as SocketException)?.SocketErrorCode.ToString() ?? "timed out"}");
        }
    }
}
