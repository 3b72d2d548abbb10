using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Lab.Common.Diagnostics;
using Lab.Common.Kernel;

namespace Lab.Bench;

/// <summary>One reference server as its own process: started fresh for a cell, measured from /proc
/// (RSS, CPU), stopped after. A .NET server reports its own allocation totals on SIGUSR1.</summary>
internal sealed partial class ServerProcess : IDisposable, IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<RuntimeSample> _runtimeLines = Channel.CreateUnbounded<RuntimeSample>();

    private ServerProcess(ServerKind kind, Process process, int port, int? httpPort = null, IPAddress? address = null, NetworkNamespace? inside = null)
    {
        Inside = inside;
        Kind = kind;
        _process = process;
        Port = port;
        Address = address ?? IPAddress.Loopback;
        HttpPort = httpPort;
        // The rest of standard output: the runtime lines, and nothing left to fill the pipe.
        _ = Task.Run(async () =>
        {
            try
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                    if (RuntimeReport.Parse(line) is { } sample)
                        _runtimeLines.Writer.TryWrite(sample);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The process was disposed under the reader.
            }
        });
    }

    /// <summary>The gateway and the Kestrel echo print their allocation totals on SIGUSR1; OTP, Netty and Go do not.</summary>
    public bool ReportsRuntime => Kind is ServerKind.Gateway or ServerKind.Kestrel;

    /// <summary>The gateway's HTTP lab endpoint port, when it was started with one.</summary>
    public int? HttpPort { get; }

    public ServerKind Kind { get; }
    public int Port { get; }
    public int Pid => _process.Id;

    /// <summary>The exit code once it has exited (after <see cref="StopAsync"/>).</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;
    /// <summary>The network namespace it runs in, when the lab created one for it; null: this one.</summary>
    public NetworkNamespace? Inside { get; }

    /// <summary>Where it listens: loopback, or the address a gateway was given with --bind.</summary>
    public IPAddress Address { get; }
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>A fresh server; the gateway logs into a new directory under <paramref name="scratch"/>.</summary>
    public static async Task<ServerProcess> StartAsync(ServerKind kind, BenchPaths paths, string scratch)
    {
        var info = kind switch
        {
            ServerKind.Gateway => Dotnet(paths.GatewayDll, "serve", "--frames-port", "0", "--http-port", "off", "--idle-timeout", "off",
                "--frame-timeout", "off", "--logs", Path.Combine(scratch, $"gateway-{Guid.NewGuid():N}")),
            ServerKind.Otp => Info("escript", paths.OtpScript, "0"),
            ServerKind.Kestrel => Dotnet(paths.KestrelDll, "0"),
            ServerKind.Netty => await new Peers.NettyEcho(paths).StartInfoAsync(),
            ServerKind.Go => await new Peers.GoEcho(paths).StartInfoAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a server the bench starts"),
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {kind}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                return new ServerProcess(kind, process, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
        throw new InvalidOperationException($"{kind} exited before listening: {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>The gateway with a chosen run directory (kept) and extra serve options.</summary>
    public static Task<ServerProcess> StartGatewayAsync(BenchPaths paths, string logs, params string[] extra) =>
        StartGatewayAsync(paths, logs, inside: null, extra);

    /// <summary>The same, run inside a network namespace the lab created (give it a --bind address there).</summary>
    public static async Task<ServerProcess> StartGatewayAsync(BenchPaths paths, string logs, NetworkNamespace? inside, params string[] extra)
    {
        var http = extra.Contains("--http-port") ? [] : new[] { "--http-port", "off" };
        string[] args = [paths.GatewayDll, "serve", "--frames-port", "0", .. http, "--logs", logs, .. extra];
        var info = inside is null ? Info("dotnet", args) : inside.StartInfo("dotnet", args);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the gateway");
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException(await process.StandardError.ReadToEndAsync());
        var httpPort = HttpListening().Match(line) is { Success: true } h ? int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        var frames = FramesListening().Match(line);
        if (!frames.Success)
            throw new InvalidOperationException($"the gateway printed '{line}' instead of where it listens: {await process.StandardError.ReadToEndAsync()}");
        // A gateway that binds elsewhere than loopback warns on stderr; nothing else reads it, so it must not fill the pipe.
        _ = process.StandardError.ReadToEndAsync();
        return new ServerProcess(ServerKind.Gateway, process, int.Parse(frames.Groups[2].Value, CultureInfo.InvariantCulture), httpPort,
            IPAddress.Parse(frames.Groups[1].Value), inside);
    }

    public int Descriptors() => Directory.GetFiles($"/proc/{Pid}/fd").Length;

    /// <summary>Open socket descriptors (listeners, accepted connections, the runtime's own).</summary>
    public int SocketDescriptors()
    {
        var count = 0;
        foreach (var fd in Directory.EnumerateFiles($"/proc/{Pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                    count++;
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }
        return count;
    }

    /// <summary>The server's totals now: SIGUSR1, and its answer.</summary>
    public async Task<RuntimeSample> SampleRuntimeAsync()
    {
        DiscardRuntimeSamples();
        await SignalAsync("-USR1");
        return await NextRuntimeSampleAsync();
    }

    /// <summary>The next runtime line the server printed (someone else, e.g. labload, signalled it).</summary>
    public async Task<RuntimeSample> NextRuntimeSampleAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await _runtimeLines.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"{Kind} (pid {Pid}) printed no runtime line within 10 s of being signalled");
        }
    }

    /// <summary>Forget runtime lines nobody asked for, so the next one read answers the next signal.</summary>
    private void DiscardRuntimeSamples()
    {
        while (_runtimeLines.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>SIGTERM, and wait for the gateway to close its connections and flush its logs.</summary>
    public async Task StopAsync()
    {
        await SignalAsync("-TERM");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Resident set size in KiB (VmRSS of /proc/PID/status).</summary>
    public long RssKiB() => StatusKiB("VmRSS:");

    /// <summary>The anonymous part of the RSS (heaps, buffers, stacks): the RSS less file-backed and shared pages,
    /// which hold code (JIT-compiled, or paged in from the runtime's images).</summary>
    public long RssAnonKiB() => StatusKiB("RssAnon:");

    private long StatusKiB(string field)
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private static ProcessStartInfo Dotnet(string dll, params string[] args) => Info("dotnet", [dll, .. args]);

    private static ProcessStartInfo Dotnet(string dll, IEnumerable<string> args) => Info("dotnet", [dll, .. args]);

    private static ProcessStartInfo Info(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return info;
    }

    // "listening frames=ADDRESS:PORT …": the gateway's first line.
    [GeneratedRegex(@"^listening frames=([0-9.]+):(\d+)")]
    private static partial Regex FramesListening();

    // "listening PORT" (OTP, Kestrel echo, Netty, Go) or "listening frames=127.0.0.1:PORT …" (the gateway).
    [GeneratedRegex(@"^listening (?:frames=[^:]+:)?(\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@" http=[^ ]+:(\d+) ")]
    private static partial Regex HttpListening();
}
