using System.Globalization;
using Lab.Logs;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Logging;

/// <summary>
/// One run directory, one run unless asked otherwise: whether a directory already holds a gateway's
/// logs, the port id a run added to it (<c>--append</c>) continues from, and the lines a gateway killed
/// mid-write left cut. Files only; the writers are opened after this has looked.
/// </summary>
internal static class RunDirectory
{
    private static readonly string[] Logs = [RunFiles.TextLog, RunFiles.JsonLog, RunFiles.Journal];

    /// <summary>Any of gateway.log, gateway.clef and ports.log (or a rolled file of one) is there.</summary>
    public static bool HoldsARun(string directory) =>
        Directory.Exists(directory) && Logs.Any(log => RolledLogSet.InOrder(Path.Combine(directory, log)).Count > 0);

    /// <summary>Ends each log whose last line has no line break (a gateway killed mid-write) with one, so this
    /// run's first line starts a line of its own; returns the files it ended.</summary>
    public static IReadOnlyList<string> TerminateCutLines(string directory)
    {
        var ended = new List<string>();
        foreach (var log in Logs)
        {
            var path = Path.Combine(directory, log);
            if (!File.Exists(path))
                continue;
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            if (file.Length == 0)
                continue;
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() == '\n')
                continue;
            file.Seek(0, SeekOrigin.End);
            file.WriteByte((byte)'\n');
            ended.Add(log);
        }
        return ended;
    }

    /// <summary>The last port id a run logged here (ports.log, else gateway.log), 0 when none: the next run
    /// numbers on from it, so one id names one socket in the whole directory. Ids only grow within a
    /// directory, so the newest file's tail holds it; older files are read only when a tail holds no id.</summary>
    public static long LastPortId(string directory)
    {
        foreach (var log in new[] { RunFiles.Journal, RunFiles.TextLog })
        {
            foreach (var path in RolledLogSet.InOrder(Path.Combine(directory, log)).Reverse())
            {
                if (HighestPortIdInTail(path) is { } id)
                    return id;
            }
        }
        return 0;
    }

    private static long? HighestPortIdInTail(string path)
    {
        const int TailBytes = 64 * 1024;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(Math.Max(0, file.Length - TailBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        long? highest = null;
        while (reader.ReadLine() is { } line)
        {
            if (LogContract.TryFindPort(line, out var id) && id > (highest ?? 0))
                highest = id;
        }
        return highest;
    }

    /// <summary>A run's id: its UTC start to the millisecond and the process id, so two starts never share one.</summary>
    public static string NewRunId() =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss.fff}-{Environment.ProcessId}");

    /// <summary>The default run directory, <c>logs/&lt;UTC yyyyMMdd-HHmmss&gt;</c>, or with the process id added
    /// when a start in the same second took that name already.</summary>
    public static string DefaultPath(string parent = "logs")
    {
        var stamped = Path.Combine(parent, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        return Directory.Exists(stamped) ? $"{stamped}-{Environment.ProcessId}" : stamped;
    }
}
