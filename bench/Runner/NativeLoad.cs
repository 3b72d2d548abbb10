using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lab.Common.Processes;
using Lab.Probes.Frames;

namespace Lab.Bench;

/// <summary>
/// bench/Native/labload.c, the native {packet,4} load generator (one thread, epoll): the cheapest
/// generator for rows that compare servers. Built on demand with Debian's gcc into this build's output
/// folder (<c>bin/…/native/labload</c>, ignored by git with the rest of bin/), rebuilt when labload.c
/// is newer; run against a loopback port; its one JSON line parsed.
/// </summary>
internal sealed class NativeLoad(BenchPaths paths)
{
    private static readonly SemaphoreSlim Building = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Source => Path.Combine(paths.Root, "bench", "Native", "labload.c");
    public static string Binary { get; } = Path.Combine(AppContext.BaseDirectory, "native", "labload");

    /// <summary>The binary, compiled first when it is missing or older than labload.c.</summary>
    public async Task<string> EnsureBuiltAsync(CancellationToken cancellationToken = default)
    {
        await Building.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Source))
                throw new InvalidOperationException($"{Source} is missing");
            if (File.Exists(Binary) && File.GetLastWriteTimeUtc(Binary) >= File.GetLastWriteTimeUtc(Source))
                return Binary;
            var gcc = OnPath("gcc") ?? throw new InvalidOperationException("gcc is missing (it builds bench/Native/labload.c): run ./lab setup, which installs Debian's gcc");
            Directory.CreateDirectory(Path.GetDirectoryName(Binary)!);
            var temp = $"{Binary}.{Environment.ProcessId}.tmp";
            var gccRun = await RunAsync(gcc, ["-O2", "-Wall", "-Wextra", "-Werror", "-o", temp, Source], TimeSpan.FromMinutes(1), cancellationToken);
            if (gccRun.ExitCode != 0)
                throw new InvalidOperationException($"gcc could not build {Source}: {gccRun.Stderr.Trim()}");
            File.Move(temp, Binary, overwrite: true); // a rename: a concurrent run never sees half a binary
            return Binary;
        }
        finally
        {
            Building.Release();
        }
    }

    /// <summary>One run against <paramref name="host"/>:<paramref name="port"/> (127.0.0.0/8 only). Cancelling sends SIGINT:
    /// labload stops early and still reports (<see cref="NativeLoadResult.Interrupted"/>).</summary>
    /// <param name="serverPid">The server's process: its CPU over the measured window comes back in <see cref="NativeLoadResult.ServerCpuS"/>.</param>
    /// <param name="signalServer">With <paramref name="serverPid"/>: SIGUSR1 to it where the window opens and closes
    /// (a .NET server of the lab then prints its own allocation totals).</param>
    public async Task<NativeLoadResult> RunAsync(int port, FramesMode mode, int connections, TimeSpan duration, TimeSpan warmup,
        int size = 64, int? serverPid = null, bool signalServer = false, string host = "127.0.0.1", CancellationToken cancellationToken = default)
    {
        string[] args =
        [
            mode.ToString().ToLowerInvariant(), "--host", host, "--port", Invariant(port), "--connections", Invariant(connections),
            "--size", Invariant(size), "--duration", Invariant(duration.TotalSeconds), "--warmup", Invariant(warmup.TotalSeconds), "--json",
            .. serverPid is { } pid ? ["--server-pid", Invariant(pid)] : Array.Empty<string>(),
            .. signalServer ? ["--signal-server"] : Array.Empty<string>(),
        ];
        // Its own timeouts (connect, echo, close) are 10 s; hold opens before its window starts.
        var run = await RunRawAsync(args, warmup + duration + TimeSpan.FromSeconds(60), cancellationToken);
        if (run.ExitCode is not (0 or 1))
            throw new InvalidOperationException($"labload {string.Join(' ', args)}: exit {run.ExitCode}: {run.Stderr.Trim()}");
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != 1)
            throw new InvalidOperationException($"labload printed {lines.Length} lines on stdout, not one line of JSON: {run.Stdout}");
        return JsonSerializer.Deserialize<NativeLoadResult>(lines[0], Json)
            ?? throw new InvalidOperationException($"labload printed null: {lines[0]}");
    }

    /// <summary>labload with these arguments, to its exit (built first).</summary>
    public async Task<ProcessResult> RunRawAsync(IReadOnlyList<string> args, TimeSpan limit, CancellationToken cancellationToken = default)
        => await RunAsync(await EnsureBuiltAsync(cancellationToken), args, limit, cancellationToken);

    private static async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> args, TimeSpan limit, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(limit, CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            Interrupt(process.Id);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} ran past {limit.TotalSeconds:0} s");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static void Interrupt(int pid)
    {
        using var kill = Process.Start("kill", ["-INT", Invariant(pid)]);
        kill.WaitForExit();
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static string Invariant(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
