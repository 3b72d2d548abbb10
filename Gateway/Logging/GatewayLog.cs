using Lab.Gateway.Connections;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Logging;

/// <summary>
/// The gateway's log vocabulary, in the seed's words. Every connection line leads with the port id
/// and the peer; property names are the JSON fields the analyzer reads. A client's garbage is a
/// Warning at most, never an Error.
/// </summary>
public static partial class GatewayLog
{
    public const int InitOkId = 1;
    public const int FrameId = 2;
    public const int HeadErrorId = 3;
    public const int RefusedId = 4;
    public const int DoTerminateId = 5;
    public const int HttpRequestId = 6;
    public const int ListenId = 7;
    public const int DescriptorsId = 8;
    public const int AcceptFailingId = 9;
    public const int AcceptRecoveredId = 10;
    public const int TotalsId = 11;
    public const int DescriptorsShortId = 12;

    [LoggerMessage(EventId = InitOkId, EventName = "init_ok", Level = LogLevel.Information,
        Message = "init ok #Port<0.{portId}> peer={peer} local={local} listener={listener} connectionId={connectionId}")]
    public static partial void InitOk(this ILogger logger, long portId, string peer, string local, string listener, string connectionId);

    [LoggerMessage(EventId = FrameId, EventName = "frame", Level = LogLevel.Debug,
        Message = "frame #Port<0.{portId}> peer={peer} length={length}")]
    public static partial void Frame(this ILogger logger, long portId, string peer, long length);

    [LoggerMessage(EventId = HeadErrorId, EventName = "head_error", Level = LogLevel.Warning,
        Message = "head_error #Port<0.{portId}> peer={peer} headLength={headLength} headLengthHex={headLengthHex} headHex={headHex} headAscii=\"{headAscii}\" maxPacket={maxPacket} origin={origin} policy={policy}")]
    public static partial void HeadError(this ILogger logger, long portId, string peer, uint headLength, string headLengthHex,
        string headHex, string headAscii, int maxPacket, string origin, string policy);

    [LoggerMessage(EventId = RefusedId, EventName = "refused", Level = LogLevel.Warning,
        Message = "refused #Port<0.{portId}> peer={peer} reason=max_connections maxConnections={maxConnections}")]
    public static partial void Refused(this ILogger logger, long portId, string peer, int maxConnections);

    [LoggerMessage(EventId = DoTerminateId, EventName = "do_terminate", Level = LogLevel.Information,
        Message = "do_terminate #Port<0.{portId}> peer={peer} reason={reason} bytesIn={bytesIn} bytesOut={bytesOut} frames={frames} requests={requests} durationMs={durationMs} closedBy={closedBy} closeKind={closeKind} reply={reply}")]
    public static partial void DoTerminate(this ILogger logger, long portId, string peer, string reason, long bytesIn, long bytesOut,
        long frames, int requests, long durationMs, string closedBy, string closeKind, string reply);

    /// <summary><c>do_terminate</c> for a connection and how it ended, in the log's words.</summary>
    public static void DoTerminate(this ILogger logger, ConnectionRecord record, ConnectionOutcome outcome) =>
        logger.DoTerminate(record.PortId, record.Peer, outcome.Reason.ToLogName(), record.BytesIn, record.BytesOut, record.Frames,
            record.Requests, (long)record.Elapsed.TotalMilliseconds, outcome.ClosedBy.ToLogName(), outcome.CloseKind.ToLogName(),
            outcome.Reply.ToLogName());

    [LoggerMessage(EventId = HttpRequestId, EventName = "http_request", Level = LogLevel.Information,
        Message = "http_request #Port<0.{portId}> peer={peer} request={request} method={method} path={path} protocol={protocol}")]
    public static partial void HttpRequest(this ILogger logger, long portId, string peer, int request, string method, string path, string protocol);

    [LoggerMessage(EventId = ListenId, EventName = "listen", Level = LogLevel.Information,
        Message = "listen #Port<0.{portId}> listener={listener} local={local}")]
    public static partial void Listen(this ILogger logger, long portId, string listener, string local);

    [LoggerMessage(EventId = DescriptorsId, EventName = "descriptors", Level = LogLevel.Information,
        Message = "descriptors limit={limit} inUse={inUse} reserve={reserve} headroom={headroom} capacity={capacity}")]
    public static partial void Descriptors(this ILogger logger, long limit, int inUse, int reserve, int headroom, long capacity);

    [LoggerMessage(EventId = AcceptFailingId, EventName = "accept_failing", Level = LogLevel.Warning,
        Message = "accept_failing local={local} errno={errno} source={source} limit={limit} free={free} inUse={inUse} reserveReleased={reserveReleased} (accepting paused; queued clients wait in the listen queue)")]
    public static partial void AcceptFailing(this ILogger logger, string local, string errno, string source, long limit, long free, long inUse, int reserveReleased);

    [LoggerMessage(EventId = AcceptRecoveredId, EventName = "accept_recovered", Level = LogLevel.Information,
        Message = "accept_recovered atLimitMs={atLimitMs} pauses={pauses} limit={limit} inUse={inUse}")]
    public static partial void AcceptRecovered(this ILogger logger, long atLimitMs, long pauses, long limit, long inUse);

    [LoggerMessage(EventId = TotalsId, EventName = "totals", Level = LogLevel.Information,
        Message = "totals accepted={accepted} atLimitPauses={atLimitPauses} acceptErrors={acceptErrors} atLimitEpisodes={atLimitEpisodes} atLimitMs={atLimitMs} logWriteFailures={logWriteFailures}")]
    public static partial void Totals(this ILogger logger, long accepted, long atLimitPauses, long acceptErrors, long atLimitEpisodes,
        long atLimitMs, long logWriteFailures);

    [LoggerMessage(EventId = DescriptorsShortId, EventName = "descriptors_short", Level = LogLevel.Warning,
        Message = "descriptors_short state={state} limit={limit} free={free} inUse={inUse} poolThreads={poolThreads} (begin: fewer free than the headroom, the thread pool may not start threads until end)")]
    public static partial void DescriptorsShort(this ILogger logger, string state, long limit, long free, long inUse, int poolThreads);
}
