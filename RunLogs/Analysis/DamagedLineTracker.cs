namespace Lab.Logs.Analysis;

/// <summary>
/// Counts a log's damaged lines and tells the one a killed gateway cut: the next run ends it with a line
/// break, then writes its run_start and one log_cut per cut log, so a log_cut naming this log a few lines
/// after a damaged line marks that line cut (<see cref="ReadProblems.MarkCut"/>).
/// </summary>
internal sealed class DamagedLineTracker(ReadProblems problems)
{
    // The cut line, run_start, then at most three log_cut lines.
    private const int CutNoteWithin = 4;

    private string? _damaged;
    private int _since;

    public void Damaged(string what)
    {
        problems.Add(what);
        _damaged = what;
        _since = 0;
    }

    /// <summary>Any other line, read in order; <paramref name="isCutNoteForThisLog"/> when it is the log_cut that names this log.</summary>
    public void Read(bool isCutNoteForThisLog)
    {
        if (_damaged is null)
            return;
        if (++_since > CutNoteWithin)
            _damaged = null;
        else if (isCutNoteForThisLog)
        {
            problems.MarkCut(_damaged);
            _damaged = null;
        }
    }
}
