using Lab.Logs;

namespace Lab.Logs.Analysis;

/// <summary>
/// Recognises, while a log is read line by line, the line a gateway killed mid-write left cut: the line
/// just before a <c>run_start</c> whose run then wrote <c>log_cut file=</c> this log (the next run ends the
/// cut line with a line break before its first line, then notes it).
/// </summary>
internal sealed class CutLineWatch(string logName)
{
    public const string Mark = "  [cut: the gateway stopped mid-line; log_cut]";

    private readonly string _runStart = $" {LogContract.Names.RunStart} {LogContract.Fields.RunId}=";
    private readonly string _cutNote = $" {LogContract.Names.LogCut} {LogContract.Fields.File}={logName} ";
    private (long Id, int Index)? _lastMatch;
    private (long Id, int Index)? _candidate;
    private int _sinceLastMatch;
    private int _sinceRunStart;

    /// <summary>The line just read was a wanted connection's, kept at this index of its list.</summary>
    public void Matched(long id, int index)
    {
        _lastMatch = (id, index);
        _sinceLastMatch = 0;
    }

    /// <summary>Called with every line before it is matched: the kept line it shows to be cut, if any.</summary>
    public (long Id, int Index)? IsCutNoteFor(string line)
    {
        _sinceLastMatch++;
        _sinceRunStart++;
        if (line.Contains(_runStart, StringComparison.Ordinal))
        {
            _candidate = _sinceLastMatch == 1 ? _lastMatch : null;
            _sinceRunStart = 0;
            return null;
        }
        // run_start, then at most one log_cut per log (three) before this one.
        if (_candidate is { } candidate && _sinceRunStart <= 3 && line.Contains(_cutNote, StringComparison.Ordinal))
        {
            _candidate = null;
            return candidate;
        }
        return null;
    }
}
