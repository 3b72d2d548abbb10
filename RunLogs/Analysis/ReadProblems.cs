namespace Lab.Logs.Analysis;

/// <summary>What could not be read: counted, with the first example, and skipped, never fatal.</summary>
internal sealed class ReadProblems
{
    private readonly List<string> _first = [];

    public int Count { get; private set; }

    public IReadOnlyList<string> Examples => _first;

    /// <summary>Of <see cref="Count"/>, the lines a gateway killed mid-write left cut (a <c>log_cut</c> follows each).</summary>
    public int Cut { get; private set; }

    public void Add(string what)
    {
        Count++;
        if (_first.Count < 3)
            _first.Add(what);
    }

    /// <summary>A line already added is the one a killed gateway cut: it is counted as cut, and its example says so.</summary>
    public void MarkCut(string what)
    {
        Cut++;
        var at = _first.IndexOf(what);
        if (at >= 0)
            _first[at] = $"{what} (cut: the gateway stopped mid-line; log_cut)";
    }
}
