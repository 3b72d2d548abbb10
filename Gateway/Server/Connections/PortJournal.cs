using System.Globalization;
using System.Text;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Connections;

/// <summary>
/// <c>ports.log</c>: one tab-separated line per allocated port id (id, UTC time, what took it,
/// detail), so every gap in a sequence of ids has an explanation. Rolls like the other logs
/// (<see cref="RolledLogSet"/>). Buffered and flushed on a timer
/// and at dispose; a write failure is counted, never thrown at a connection.
/// </summary>
internal sealed class PortJournal : IDisposable
{

    [ThreadStatic]
    private static StringBuilder? t_line;

    private readonly BufferedLogFile _file;

    public const string Header = RunFiles.JournalHeader;

    /// <param name="deleted">Told of each rolled file that retention deletes.</param>
    public PortJournal(string runDirectory, LogRolling? rolling = null, Action<string>? deleted = null)
    {
        // The header heads every file of the set, so each rolled file reads on its own. A deletion is also noted in
        // ports.log itself, as a comment line right after the roll: with --log-retain 1 no rolled file is left, and
        // that note is what a restarted gateway numbers from (RolledLogSet.LastNumber).
        _file = new BufferedLogFile(Path.Combine(runDirectory, RunFiles.Journal), TimeSpan.FromMilliseconds(500), rolling, Header, path =>
        {
            deleted?.Invoke(path);
            _file!.WriteLine($"# {LogContract.Names.LogRetention} deleted={Path.GetFileName(path)}");
        });
    }

    public long WriteFailures => _file.WriteFailures;

    public long LinesLost => _file.LinesLost;

    /// <remarks>Every accept writes one, so the line is formatted into a builder this thread keeps and copied into the
    /// file's buffer from there: a string per line, and one for its port id, were garbage on every accept, and an
    /// accept's garbage is what the heap is left holding between the connections it keeps.</remarks>
    public void Record(long portId, string takenBy, string detail)
    {
        var line = t_line ??= new StringBuilder();
        line.Clear();
        LogContract.AppendPort(line, portId)
            .Append(CultureInfo.InvariantCulture, $"\t{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\t{takenBy}\t{detail}\n");
        _file.Write(line);
    }

    /// <summary>A comment line (<c># …</c>): readers of ports.log skip it.</summary>
    public void Note(string comment) => _file.WriteLine("# " + comment);

    public void Dispose() => _file.Dispose();
}
