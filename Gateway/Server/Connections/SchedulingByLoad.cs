namespace Lab.Gateway.Connections;

/// <summary>
/// Where a frame connection's code goes on after a read, decided per read by how many connections are open. Many:
/// inline on the epoll thread that completed the read, which serves busy connections with no hand-off.
/// Few: on the gateway's <see cref="SpinningHopThread"/>, which spins briefly before it sleeps, so a lone client's
/// next frame is taken by a thread already awake instead of waking the epoll thread from its wait.
/// Kestrel's own choice (<c>UnsafePreferInlineScheduling</c>) is fixed per transport; this one follows the load.
/// A connection's first read stays where it completed, however few are open: a connection that ends after one read
/// (a browser's bogus head, rejected) gains nothing from a hop.
/// </summary>
internal sealed class SchedulingByLoad : IDisposable
{
    private readonly ConnectionRegistry _registry;
    private readonly int _hopUpTo;
    private readonly SpinningHopThread? _hops;

    /// <param name="hopUpTo">Connections open up to which a read is followed by a hop; 0: never (no thread is started).</param>
    public SchedulingByLoad(ConnectionRegistry registry, int hopUpTo)
    {
        _registry = registry;
        _hopUpTo = hopUpTo;
        _hops = hopUpTo > 0 ? new SpinningHopThread() : null;
    }

    /// <summary>Always inline (a handler tested without a gateway, or <c>InlineIo</c> off, where Kestrel hops already).</summary>
    public static SchedulingByLoad Inline { get; } = new(new ConnectionRegistry(), 0);

    public bool HopAfterRead(bool firstRead) => !firstRead && _hops is not null && _registry.Count <= _hopUpTo;

    /// <summary>Awaited after <see cref="HopAfterRead"/> said so: the rest of the handler's step runs on the hop thread.</summary>
    public SpinningHopThread.HopAwaitable Hop() =>
        _hops?.Hop() ?? throw new InvalidOperationException("no hop thread: HopAfterRead is false when hopUpTo is 0");

    public void Dispose() => _hops?.Dispose();
}
