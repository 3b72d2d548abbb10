namespace Lab.Gateway.Analysis;

/// <summary>What could not be read: counted, with the first example, and skipped, never fatal.</summary>
internal sealed class ReadProblems
{
    private readonly List<string> _first = [];

    public int Count { get; private set; }

    public IReadOnlyList<string> Examples => _first;

    public void Add(string what)
    {
        Count++;
        if (_first.Count < 3)
            _first.Add(what);
    }
}
