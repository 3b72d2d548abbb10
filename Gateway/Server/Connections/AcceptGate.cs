namespace Lab.Gateway.Connections;

/// <summary>Counts the frame listener's live connections for <see cref="AtCapMode.Pause"/>: accept waits
/// for a free place, a connection's end gives its place back.</summary>
internal sealed class AcceptGate(int capacity)
{
    private readonly SemaphoreSlim _places = new(capacity, capacity);

    public Task WaitAsync(CancellationToken cancellationToken) => _places.WaitAsync(cancellationToken);

    public void Release() => _places.Release();
}
