namespace Lab.Gateway.Connections;

/// <summary>
/// One process-wide monotonic counter for every socket the gateway owns, as every port in an Erlang
/// node draws from one counter: listeners, frame connections and HTTP connections share it, so gaps
/// in the frame connections' ids are normal and the journal says what took each id.
/// </summary>
internal sealed class PortIdAllocator(PortJournal? journal)
{
    private long _last;

    public long Next(string takenBy, string detail)
    {
        var id = Interlocked.Increment(ref _last);
        journal?.Record(id, takenBy, detail);
        return id;
    }
}
