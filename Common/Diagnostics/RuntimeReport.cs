using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace Lab.Common.Diagnostics;

/// <summary>
/// On SIGUSR1 a .NET server prints its own allocation and collection totals as one line on standard
/// output: <c>runtime allocatedBytes=N gen0=N gen1=N gen2=N</c>. A benchmark signals at the edges of
/// its measured window and subtracts. Read from outside instead (an EventPipe counter session, as
/// dotnet-counters does), the figure includes the session's own work inside the server — about 9 KB
/// per counter report, more than the echo path itself allocates.
/// </summary>
internal static class RuntimeReport
{
    /// <summary>SIGUSR1 (10 on Linux x64 and arm64); .NET accepts raw signal numbers cast to PosixSignal.</summary>
    public const PosixSignal Signal = (PosixSignal)10;

    public const string Prefix = "runtime ";

    private static readonly byte[] LineBuffer = new byte[160];

    /// <summary>Prints a line on standard output on every SIGUSR1 until disposed. The line is formatted into a
    /// buffer kept for the purpose and written to the descriptor directly, so the line itself allocates
    /// nothing; the runtime's dispatch of the signal does (a few hundred bytes, before the handler reads the
    /// total: NativeLoadTests bounds one report under 1 KiB), so each window carries its closing signal's dispatch.</summary>
    public static PosixSignalRegistration Register()
    {
        var stdout = Console.OpenStandardOutput();
        return PosixSignalRegistration.Create(Signal, context => Report(context, stdout));
    }

    private static void Report(PosixSignalContext context, Stream stdout)
    {
        context.Cancel = true; // SIGUSR1's default action ends the process
        // Read first, then format: nothing this handler does is in the figure.
        var (bytes, gen0, gen1, gen2) = (GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        lock (LineBuffer)
        {
            if (!Utf8.TryWrite(LineBuffer, CultureInfo.InvariantCulture, $"{Prefix}allocatedBytes={bytes} gen0={gen0} gen1={gen1} gen2={gen2}\n", out var written))
                return;
            stdout.Write(LineBuffer, 0, written);
            stdout.Flush();
        }
    }

    /// <summary>The totals of a line <see cref="Register"/>'s handler wrote; null for any other line.</summary>
    public static RuntimeSample? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var fields = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(p => p.Length == 2 && long.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return fields.TryGetValue("allocatedBytes", out var bytes) && fields.TryGetValue("gen0", out var g0)
               && fields.TryGetValue("gen1", out var g1) && fields.TryGetValue("gen2", out var g2)
            ? new RuntimeSample(bytes, g0, g1, g2)
            : null;
    }
}
