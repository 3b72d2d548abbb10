using System.Globalization;
using System.Text;

namespace Lab.Logs;

/// <summary>
/// The gateway's log contract, in one place for its writer and every reader: each event's name
/// (gateway.clef's <c>EventId.Name</c>), its message template (gateway.log's line after the level, and
/// the property names gateway.clef carries), the property names readers ask for, and the
/// <c>#Port&lt;0.N&gt;</c> form of a port id. The gateway's <c>[LoggerMessage]</c> vocabulary takes its
/// names and templates from here; analyze, <c>gateway conn</c>, BrowserLab's join and the bench's soak
/// check read with them. Every name is exact: logs already written hold these words.
/// </summary>
internal static class LogContract
{
    /// <summary>A port id as every log writes it, the seed's Erlang port: <c>#Port&lt;0.7&gt;</c>.</summary>
    /// <summary>The loopback address the probes' reachability check connects from: it sends nothing, and a reader
    /// of the logs names such a connection the lab's own check instead of taking it for a client's unused preconnect.</summary>
    public const string ReachabilityCheckSource = "127.0.0.2";

    public const string PortPrefix = "#Port<0.";

    public const string PortSuffix = ">";

    /// <summary>The port id in a message template.</summary>
    public const string PortPlaceholder = PortPrefix + "{" + Fields.PortId + "}" + PortSuffix;

    /// <summary>gateway.log's timestamp, UTC and followed by <c>Z</c> (older gateways wrote local time without it).</summary>
    public const string TextTimestampFormat = "yyyy-MM-dd HH:mm:ss.fff";

    /// <summary>gateway.clef's own keys (Serilog's compact JSON): the event's time and its id's name.</summary>
    public const string ClefTime = "@t";

    public const string ClefEventId = "EventId";
    public const string ClefEventIdName = "Name";

    public static string FormatPort(long portId) => string.Create(CultureInfo.InvariantCulture, $"{PortPrefix}{portId}{PortSuffix}");

    /// <summary><see cref="FormatPort"/>'s text appended, for a writer that makes no string per line.</summary>
    public static StringBuilder AppendPort(StringBuilder text, long portId) =>
        text.Append(CultureInfo.InvariantCulture, $"{PortPrefix}{portId}{PortSuffix}");

    /// <summary>The id in <c>#Port&lt;0.N&gt;</c> (the whole text, nothing around it).</summary>
    public static bool TryParsePort(ReadOnlySpan<char> text, out long portId)
    {
        portId = 0;
        return text.StartsWith(PortPrefix, StringComparison.Ordinal) && text.EndsWith(PortSuffix, StringComparison.Ordinal)
            && long.TryParse(text[PortPrefix.Length..^PortSuffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out portId);
    }

    /// <summary>The id of the first <c>#Port&lt;0.N&gt;</c> in a line (a connection's text-log line leads with it).</summary>
    public static bool TryFindPort(ReadOnlySpan<char> line, out long portId)
    {
        portId = 0;
        var at = line.IndexOf(PortPrefix, StringComparison.Ordinal);
        if (at < 0)
            return false;
        var rest = line[(at + PortPrefix.Length)..];
        var end = rest.IndexOf(PortSuffix, StringComparison.Ordinal);
        return end > 0 && long.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out portId);
    }

    /// <summary>Every event with its template, connection events (those with a port id) first.</summary>
    public static IReadOnlyList<(string Name, string Template)> Events { get; } =
    [
        (Names.InitOk, Templates.InitOk), (Names.Frame, Templates.Frame), (Names.HeadError, Templates.HeadError),
        (Names.Refused, Templates.Refused), (Names.DoTerminate, Templates.DoTerminate), (Names.HttpRequest, Templates.HttpRequest),
        (Names.Listen, Templates.Listen), (Names.Descriptors, Templates.Descriptors), (Names.AcceptFailing, Templates.AcceptFailing),
        (Names.AcceptRecovered, Templates.AcceptRecovered), (Names.Totals, Templates.Totals),
        (Names.DescriptorsShort, Templates.DescriptorsShort), (Names.LogRetention, Templates.LogRetention),
        (Names.RunStart, Templates.RunStart), (Names.LogCut, Templates.LogCut), (Names.StartFailed, Templates.StartFailed),
    ];

    /// <summary>The words a gateway.log line of this template opens with (<c>init ok</c>, <c>head_error</c>, …):
    /// those before the first that holds a field or the port id.</summary>
    public static string TextWordOf(string template) =>
        string.Join(' ', template.Split(' ').TakeWhile(word => word.IndexOfAny(['{', '#', '=']) < 0));

    /// <summary>What a gateway.clef line of event <paramref name="name"/> holds, byte for byte (<c>"Name":"init_ok"</c>):
    /// a reader of a million-line file parses JSON only where this matches.</summary>
    public static string ClefNeedle(string name) => $"\"{ClefEventIdName}\":\"{name}\"";

    /// <summary>What a gateway.log line of event <paramref name="name"/> holds after its level (<c>] init ok </c>).</summary>
    public static string TextNeedle(string name) => $"] {TextWordOf(Events.Single(e => e.Name == name).Template)} ";

    /// <summary>A whole-number field of a gateway.clef line; null when absent, not a number, or the line is not JSON.</summary>
    public static long? ClefField(string line, string field)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty(field, out var v) && v.TryGetInt64(out var n) ? n : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Event names: gateway.clef's <c>EventId.Name</c>.</summary>
    public static class Names
    {
        public const string InitOk = "init_ok";
        public const string Frame = "frame";
        public const string HeadError = "head_error";
        public const string Refused = "refused";
        public const string DoTerminate = "do_terminate";
        public const string HttpRequest = "http_request";
        public const string Listen = "listen";
        public const string Descriptors = "descriptors";
        public const string AcceptFailing = "accept_failing";
        public const string AcceptRecovered = "accept_recovered";
        public const string Totals = "totals";
        public const string DescriptorsShort = "descriptors_short";

        /// <summary>gateway.log only: written straight to the file when retention deletes one.</summary>
        public const string LogRetention = "log_retention";

        /// <summary>A run's first line in gateway.log and gateway.clef (ports.log has it as a comment): what tells
        /// the runs of one directory apart (<c>--append</c>).</summary>
        public const string RunStart = "run_start";

        /// <summary>The previous run's last line in a log was cut (the gateway died mid-write); the line break
        /// that ends it was added before this run wrote anything.</summary>
        public const string LogCut = "log_cut";

        /// <summary>The run's start failed (a port in use): no connection belongs to it.</summary>
        public const string StartFailed = "start_failed";
    }

    /// <summary>The property names readers ask for (each a placeholder in some template).</summary>
    public static class Fields
    {
        public const string PortId = "portId";
        public const string Peer = "peer";
        public const string Local = "local";
        public const string Listener = "listener";
        public const string HeadLength = "headLength";
        public const string HeadLengthHex = "headLengthHex";
        public const string HeadHex = "headHex";
        public const string HeadAscii = "headAscii";
        public const string Origin = "origin";
        public const string Policy = "policy";
        public const string Reason = "reason";
        public const string BytesIn = "bytesIn";
        public const string BytesOut = "bytesOut";
        public const string Frames = "frames";
        public const string DurationMs = "durationMs";
        public const string ClosedBy = "closedBy";
        public const string CloseKind = "closeKind";
        public const string Reply = "reply";
        public const string LogWriteFailures = "logWriteFailures";
        public const string Accepted = "accepted";
        public const string LogLinesLost = "logLinesLost";
        public const string ConnectionsUnlogged = "connectionsUnlogged";
        public const string RunId = "runId";
        public const string Append = "append";
        public const string FirstPortId = "firstPortId";
        public const string File = "file";
        public const string Capacity = "capacity";
        public const string AtLimitEpisodes = "atLimitEpisodes";
        public const string AtLimitMs = "atLimitMs";
    }

    /// <summary>Each event's message: its gateway.log text after the level, and in <c>{…}</c> its gateway.clef properties.</summary>
    public static class Templates
    {
        public const string InitOk = "init ok " + PortPlaceholder + " peer={peer} local={local} listener={listener} connectionId={connectionId}";
        public const string Frame = "frame " + PortPlaceholder + " peer={peer} length={length}";
        public const string HeadError = "head_error " + PortPlaceholder + " peer={peer} headLength={headLength} headLengthHex={headLengthHex} headHex={headHex} headAscii=\"{headAscii}\" maxPacket={maxPacket} origin={origin} policy={policy}";

        // reason= is text: gateway.clef's refused event has no reason property (docs/gateway.md).
        public const string Refused = "refused " + PortPlaceholder + " peer={peer} reason=max_connections maxConnections={maxConnections}";
        public const string DoTerminate = "do_terminate " + PortPlaceholder + " peer={peer} reason={reason} bytesIn={bytesIn} bytesOut={bytesOut} frames={frames} requests={requests} durationMs={durationMs} closedBy={closedBy} closeKind={closeKind} reply={reply}";
        public const string HttpRequest = "http_request " + PortPlaceholder + " peer={peer} request={request} method={method} path={path} protocol={protocol}";
        public const string Listen = "listen " + PortPlaceholder + " listener={listener} local={local}";
        public const string Descriptors = "descriptors limit={limit} inUse={inUse} reserve={reserve} headroom={headroom} capacity={capacity}";
        public const string AcceptFailing = "accept_failing local={local} errno={errno} source={source} limit={limit} free={free} inUse={inUse} reserveReleased={reserveReleased} (accepting paused; queued clients wait in the listen queue)";
        public const string AcceptRecovered = "accept_recovered atLimitMs={atLimitMs} pauses={pauses} limit={limit} inUse={inUse}";
        public const string Totals = "totals accepted={accepted} atLimitPauses={atLimitPauses} acceptErrors={acceptErrors} atLimitEpisodes={atLimitEpisodes} atLimitMs={atLimitMs} logWriteFailures={logWriteFailures} logLinesLost={logLinesLost} connectionsUnlogged={connectionsUnlogged}";
        public const string DescriptorsShort = "descriptors_short state={state} limit={limit} free={free} inUse={inUse} poolThreads={poolThreads} (begin: fewer free than the headroom, the thread pool may not start threads until end)";
        public const string LogRetention = "log_retention deleted={deleted} retain={retain} maxBytes={maxBytes} (the oldest lines of that log are gone; --log-retain 0 keeps every file)";
        public const string RunStart = "run_start runId={runId} append={append} firstPortId={firstPortId}";
        public const string LogCut = "log_cut file={file} (the previous run's last line in that file was cut mid-write: it ends at the line break just before this run's first line)";
        public const string StartFailed = "start_failed runId={runId} reason={reason} (this gateway never started: no connection belongs to this run)";
    }
}
