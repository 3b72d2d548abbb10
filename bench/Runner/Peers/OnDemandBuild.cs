using System.Diagnostics;

namespace Lab.Bench.Peers;

/// <summary>
/// A reference server's build output (a binary or a classes folder under this build's output folder, ignored by
/// git with the rest of bin/), made from its source when missing or older than it: built under a temporary name
/// and renamed into place, so a server started meanwhile never runs half an output. The pattern of
/// <see cref="NativeLoad.EnsureBuiltAsync"/>.
/// </summary>
internal static class OnDemandBuild
{
    // One build at a time across the peers: each is a compiler on a machine of few cores, and two runs of the same
    // build would write the same output.
    private static readonly SemaphoreSlim Building = new(1, 1);
    private static readonly TimeSpan CompilerLimit = TimeSpan.FromMinutes(2);

    /// <summary><paramref name="output"/>, built first by <paramref name="build"/> (given the temporary path to
    /// write) when it is missing or older than <paramref name="source"/>.</summary>
    public static async Task<string> EnsureAsync(string source, string output, Func<string, CancellationToken, Task> build,
        CancellationToken cancellationToken)
    {
        await Building.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(source))
                throw new InvalidOperationException($"{source} is missing");
            if (Path.Exists(output) && LastWriteUtc(output) >= File.GetLastWriteTimeUtc(source))
                return output;
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var temp = $"{output}.{Environment.ProcessId}.tmp";
            Delete(temp); // left by a build that was killed
            try
            {
                await build(temp, cancellationToken);
                MoveIntoPlace(temp, output);
            }
            finally
            {
                Delete(temp);
            }
            return output;
        }
        finally
        {
            Building.Release();
        }
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH; missing, an error that names the Debian package
    /// <c>./lab setup</c> installs it from.</summary>
    public static string Require(string tool, string package, string neededFor) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{tool} is missing (it {neededFor}): run ./lab setup, which installs Debian's {package}");

    /// <summary>Runs a compiler to its end; a failure carries what it said.</summary>
    public static async Task CompileAsync(ProcessStartInfo compiler, string source, CancellationToken cancellationToken)
    {
        compiler.RedirectStandardOutput = true;
        compiler.RedirectStandardError = true;
        compiler.UseShellExecute = false;
        var name = Path.GetFileName(compiler.FileName);
        using var process = Process.Start(compiler) ?? throw new InvalidOperationException($"could not start {compiler.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(CompilerLimit, CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            if (e is TimeoutException)
                throw new TimeoutException($"{name} ran past {CompilerLimit.TotalMinutes:0} min building {source}");
            throw;
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{name} could not build {source} (exit {process.ExitCode}): {((await stderr) + (await stdout)).Trim()}");
    }

    // A folder's own time is when its last entry was added: when the compiler wrote its last file.
    private static DateTime LastWriteUtc(string path) =>
        Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path) : File.GetLastWriteTimeUtc(path);

    private static void MoveIntoPlace(string temp, string output)
    {
        if (File.Exists(temp))
        {
            File.Move(temp, output, overwrite: true); // a rename: atomic
            return;
        }
        // rename(2) cannot replace a folder that has files: the old one goes aside first, so the output is missing
        // (never half-written) for the moment between the two renames.
        var old = $"{output}.{Environment.ProcessId}.old";
        if (Directory.Exists(output))
            Directory.Move(output, old);
        Directory.Move(temp, output);
        Delete(old);
    }

    private static void Delete(string path)
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
        else
            File.Delete(path);
    }
}
