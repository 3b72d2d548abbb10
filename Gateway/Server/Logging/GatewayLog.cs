using Lab.Logs;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Logging;

/// <summary>
/// The gateway's log vocabulary, in the seed's words: fixed event ids and levels here, the names and
/// message templates in <see cref="LogContract"/>, which the readers share. Every connection line leads
/// with the port id and the peer. A client's garbage is a Warning at most, never an Error.
/// </summary>
internal static partial class GatewayLog
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
    // log_retention is no [LoggerMessage]: GatewayLogging writes it straight to the files (its background writer may be the one rolling).
    public const int LogRetentionId = 13;
    public const int RunStartId = 14;
    public const int LogCutId = 15;
    public const int StartFailedId = 16;

    [LoggerMessage(EventId = RunStartId, EventName = LogContract.Names.RunStart, Level = LogLevel.Information,
        Message = LogContract.Templates.RunStart)]
    public static partial void RunStart(this ILogger logger, string runId, bool append, long firstPortId);

    [LoggerMessage(EventId = LogCutId, EventName = LogContract.Names.LogCut, Level = LogLevel.Warning,
        Message = LogContract.Templates.LogCut)]
    public static partial void LogCut(this ILogger logger, string file);

    [LoggerMessage(EventId = StartFailedId, EventName = LogContract.Names.StartFailed, Level = LogLevel.Warning,
        Message = LogContract.Templates.StartFailed)]
    public static partial void StartFailed(this ILogger logger, string runId, string reason);

    // init ok, head_error and do_terminate are written by ConnectionLog from their typed values, without Serilog's
    // generic event; these three stay as the vocabulary's record and as what TypedLinesTests holds those lines to.
    [LoggerMessage(EventId = InitOkId, EventName = LogContract.Names.InitOk, Level = LogLevel.Information,
        Message = LogContract.Templates.InitOk)]
    public static partial void InitOk(this ILogger logger, long portId, string peer, string local, string listener, string connectionId);

    [LoggerMessage(EventId = FrameId, EventName = LogContract.Names.Frame, Level = LogLevel.Debug,
        Message = LogContract.Templates.Frame)]
    public static partial void Frame(this ILogger logger, long portId, string peer, long length);

    [LoggerMessage(EventId = HeadErrorId, EventName = LogContract.Names.HeadError, Level = LogLevel.Warning,
        Message = LogContract.Templates.HeadError)]
    public static partial void HeadError(this ILogger logger, long portId, string peer, uint headLength, string headLengthHex,
        string headHex, string headAscii, int maxPacket, string origin, string policy);

    [LoggerMessage(EventId = RefusedId, EventName = LogContract.Names.Refused, Level = LogLevel.Warning,
        Message = LogContract.Templates.Refused)]
    public static partial void Refused(this ILogger logger, long portId, string peer, int maxConnections);

    [LoggerMessage(EventId = DoTerminateId, EventName = LogContract.Names.DoTerminate, Level = LogLevel.Information,
        Message = LogContract.Templates.DoTerminate)]
    public static partial void DoTerminate(this ILogger logger, long portId, string peer, string reason, long bytesIn, long bytesOut,
        long frames, int requests, long durationMs, string closedBy, string closeKind, string reply);

    [LoggerMessage(EventId = HttpRequestId, EventName = LogContract.Names.HttpRequest, Level = LogLevel.Information,
        Message = LogContract.Templates.HttpRequest)]
    public static partial void HttpRequest(this ILogger logger, long portId, string peer, int request, string method, string path, string protocol);

    [LoggerMessage(EventId = ListenId, EventName = LogContract.Names.Listen, Level = LogLevel.Information,
        Message = LogContract.Templates.Listen)]
    public static partial void Listen(this ILogger logger, long portId, string listener, string local);

    [LoggerMessage(EventId = DescriptorsId, EventName = LogContract.Names.Descriptors, Level = LogLevel.Information,
        Message = LogContract.Templates.Descriptors)]
    public static partial void Descriptors(this ILogger logger, long limit, int inUse, int reserve, int headroom, long capacity);

    [LoggerMessage(EventId = AcceptFailingId, EventName = LogContract.Names.AcceptFailing, Level = LogLevel.Warning,
        Message = LogContract.Templates.AcceptFailing)]
    public static partial void AcceptFailing(this ILogger logger, string local, string errno, string source, long limit, long free, long inUse, int reserveReleased);

    [LoggerMessage(EventId = AcceptRecoveredId, EventName = LogContract.Names.AcceptRecovered, Level = LogLevel.Information,
        Message = LogContract.Templates.AcceptRecovered)]
    public static partial void AcceptRecovered(this ILogger logger, long atLimitMs, long pauses, long limit, long inUse);

    [LoggerMessage(EventId = TotalsId, EventName = LogContract.Names.Totals, Level = LogLevel.Information,
        Message = LogContract.Templates.Totals)]
    public static partial void Totals(this ILogger logger, long accepted, long atLimitPauses, long acceptErrors, long atLimitEpisodes,
        long atLimitMs, long logWriteFailures, long logLinesLost, long connectionsUnlogged);

    [LoggerMessage(EventId = DescriptorsShortId, EventName = LogContract.Names.DescriptorsShort, Level = LogLevel.Warning,
        Message = LogContract.Templates.DescriptorsShort)]
    public static partial void DescriptorsShort(this ILogger logger, string state, long limit, long free, long inUse, int poolThreads);
}
