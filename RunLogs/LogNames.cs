
namespace Lab.Logs;

/// <summary>
/// The one place that names the gateway's closed sets in its logs, in the seed's words. The writers
/// (the gateway's GatewayLog callers and its PortJournal) and the readers (analyze, BrowserLab's
/// join) both go through it. The names are a contract: older logs hold exactly these.
/// </summary>
internal static class LogNames
{
    public static string ToLogName(this TerminateReason reason) => reason switch
    {
        TerminateReason.HeadError => "head_error",
        TerminateReason.PeerClosed => "peer_closed",
        TerminateReason.IdleTimeout => "idle_timeout",
        TerminateReason.FrameTimeout => "frame_timeout",
        TerminateReason.MaxConnections => "max_connections",
        TerminateReason.Shutdown => "shutdown",
        TerminateReason.IoError => "io_error",
        TerminateReason.ConnectionClose => "connection_close",
        TerminateReason.SendTimeout => "send_timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string ToLogName(this CloseKind kind) => kind switch
    {
        CloseKind.Fin => "fin",
        CloseKind.Rst => "rst",
        CloseKind.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string ToLogName(this ClosingSide side) => side switch
    {
        ClosingSide.Gateway => "gateway",
        ClosingSide.Peer => "peer",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, null),
    };

    public static string ToLogName(this ClosingReply reply) => reply switch
    {
        ClosingReply.None => "none",
        ClosingReply.Http400 => "http400",
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, null),
    };

    /// <summary>A connection's listener, as <c>init ok</c>, <c>listen</c> and <c>ports.log</c> write it.</summary>
    public static string ToLogName(this ListenerKind listener) => listener switch
    {
        ListenerKind.Frames => "frames",
        ListenerKind.Http => "http",
        _ => throw new ArgumentOutOfRangeException(nameof(listener), listener, null),
    };

    /// <summary>The listening socket itself, as <c>ports.log</c> writes what took its port id.</summary>
    public static string ToListenerSocketName(this ListenerKind listener) => listener switch
    {
        ListenerKind.Frames => "listener-frames",
        ListenerKind.Http => "listener-http",
        _ => throw new ArgumentOutOfRangeException(nameof(listener), listener, null),
    };
}
