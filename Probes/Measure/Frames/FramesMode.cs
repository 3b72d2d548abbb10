namespace Lab.Probes.Frames;

internal enum FramesMode
{
    /// <summary>Up to depth frames in flight per connection (1: a closed loop); each reply is matched to its frame
    /// by sequence number and checked; a frame not echoed by its deadline counts lost.</summary>
    Echo,

    /// <summary>Connect, send a bogus GET, wait for the server to close, close with RST; repeat.</summary>
    Reject,

    /// <summary>Open C idle connections, hold them, then one echo on each to prove it is alive.</summary>
    Hold,
}
