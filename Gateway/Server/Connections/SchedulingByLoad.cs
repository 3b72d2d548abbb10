namespace Lab.Gateway.Connections;

/// <summary>
/// Where a frame connection's code goes on after a read, decided per read by how many connections are open. Many:
/// inline on the socket engine's thread that completed the read, which serves busy connections with no hand-off.
/// Few: on the thread pool (<c>await Task.Yield()</c>), whose workers spin briefly before they sleep, so a lone
/// client's next frame is taken by a thread already awake instead of waking the engine's thread's code from sleep.
/// Kestrel's own choice (<c>UnsafePreferInlineScheduling</c>) is fixed per transport; this one follows the load.
/// </summary>
internal sealed class SchedulingByLoad(ConnectionRegistry registry, int threadPoolUpTo)
{
    /// <summary>Always inline (a handler tested without a gateway, or <c>InlineIo</c> off, where Kestrel hops already).</summary>
    public static SchedulingByLoad Inline { get; } = new(new ConnectionRegistry(), 0);

    public bool ContinueOnThreadPool => registry.Count <= threadPoolUpTo && threadPoolUpTo > 0;
}
