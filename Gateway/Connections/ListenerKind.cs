namespace Lab.Gateway.Connections;

/// <summary>What took a port id: the names written in <c>ports.log</c> and in <c>init ok</c>.</summary>
public static class ListenerKind
{
    public const string Frames = "frames";
    public const string Http = "http";
    public const string FramesListener = "listener-frames";
    public const string HttpListener = "listener-http";
}
