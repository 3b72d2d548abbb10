namespace Lab.Gateway.Connections;

/// <summary>
/// One process-wide monotonic counter for every socket the gateway owns, as every port in an Erlang
/// node draws from one counter: listeners, frame connections and HTTP connections share it, so gaps
/// in the frame connections' ids are normal and the journal says what took each id. A run added to a
/// directory (<c>--append</c>) starts after the last id logged there.
/// </summary>
internal sealed class PortIdAllocator(PortJournal? journal, long startAfter = 0)
{
    private long _last = startAfter;

    public long Next(string takenBy, string detail)
    {
        var id = Interlocked.Increment(ref _last);
        journal?.Record(id, takenBy, detail);
        return id;
    }
}
