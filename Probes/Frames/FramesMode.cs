namespace Lab.Probes.Frames;

public enum FramesMode
{
    /// <summary>Closed loop per connection: send a frame, wait for its whole echo, check it.</summary>
    Echo,

    /// <summary>Connect, send a bogus GET, wait for the server to close, close with RST; repeat.</summary>
    Reject,

    /// <summary>Open C idle connections, hold them, then one echo on each to prove it is alive.</summary>
    Hold,
}
