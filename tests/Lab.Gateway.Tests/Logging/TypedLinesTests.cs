using System.Globalization;
using System.Text.Json;
using Lab.Common.Text;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Lab.Gateway.Middleware;
using Lab.Gateway.Tests.Support;
using Lab.Logs;
using Lab.Testing;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Lab.Gateway.Tests.Logging;

/// <summary>The connection events written as typed lines are, byte for byte, what Serilog writes for the same
/// events through <see cref="GatewayLog"/> (time, level, template, every value and its escaping, the event id,
/// the source and Kestrel's connection scope), and they keep their place among Serilog's events in both files.
/// Artefacts: the run directory named in a failure.</summary>
public class TypedLinesTests
{
    // Values Serilog escapes in JSON (quotes, backslashes, control characters) and some it does not (non-ASCII, '<').
    private static readonly byte[][] Heads =
    [
        BadHeads.BogusGet,
        BadHeads.TlsClientHello,
        "\"\\\t\u0001é<>{x}"u8.ToArray(),
    ];

    [Fact]
    public void EachConnectionEventIsTheLineSerilogWritesForIt()
    {
        var dir = Directory.CreateDirectory(TestGateway.ArtifactDirectory("typed-lines-serilog")).FullName;
        var expected = new List<Func<DateTime, ConnectionLine>>();
        using (var logging = new GatewayLogging(dir, LogEventLevel.Information))
        using (var provider = new SerilogLoggerProvider(logging.Logger))
        {
            var middleware = provider.CreateLogger(typeof(ConnectionRecordMiddleware).FullName!);
            var rejection = provider.CreateLogger(typeof(HeadErrorRejection).FullName!);
            var port = 7L;
            foreach (var head in Heads)
            {
                var (peer, local, id) = ($"127.0.0.1:{40000 + port}", "127.0.0.1:5555", $"0HN{port}");
                using var scope = middleware.BeginScope(new[] { new KeyValuePair<string, object>("ConnectionId", id) });
                var error = new HeadError(ReadLength(head), 4, 65536);
                var (hex, ascii, origin) = (PeerText.Hex(head), PeerText.EscapeAscii(head), HeaderGuess.Guess(head).ToString());
                var portId = port;

                middleware.InitOk(portId, peer, local, "frames", id);
                expected.Add(t => new ConnectionLog.InitOkLine(t, portId, peer, local, "frames", id));
                rejection.HeadError(portId, peer, error.DeclaredLength, error.DeclaredLengthHex, hex, ascii, error.MaxPacket, origin, "fin");
                expected.Add(t => new ConnectionLog.HeadErrorLine(t, portId, peer, id, error.DeclaredLength, error.DeclaredLengthHex, hex, ascii, error.MaxPacket, origin, "fin"));
                middleware.DoTerminate(portId, peer, "head_error", head.Length, 0, 0, 0, 13, "gateway", "fin", "none");
                expected.Add(t => new ConnectionLog.DoTerminateLine(t, portId, peer, id, "head_error", head.Length, 0, 0, 0, 13, "gateway", "fin", "none"));
                port += 3;
            }
            // An HTTP connection's, with every count above zero.
            using (middleware.BeginScope(new[] { new KeyValuePair<string, object>("ConnectionId", "0HNhttp") }))
            {
                middleware.InitOk(40, "[::1]:50000", "[::1]:8080", "http", "0HNhttp");
                expected.Add(t => new ConnectionLog.InitOkLine(t, 40, "[::1]:50000", "[::1]:8080", "http", "0HNhttp"));
                // Raw text (no value the gateway logs holds such characters today): JSON's escapes, and none for non-ASCII.
                const string Raw = "q\"b\\s\u0001\n\r\t\f\b\u001fé€";
                rejection.HeadError(40, "[::1]:50000", 0, "0x00000000", "", Raw, 0, Raw, Raw);
                expected.Add(t => new ConnectionLog.HeadErrorLine(t, 40, "[::1]:50000", "0HNhttp", 0, "0x00000000", "", Raw, 0, Raw, Raw));
                middleware.DoTerminate(40, "[::1]:50000", "idle_timeout", 1195725856, 4096, 12, 3, 120_000, "gateway", "rst", "http400");
                expected.Add(t => new ConnectionLog.DoTerminateLine(t, 40, "[::1]:50000", "0HNhttp", "idle_timeout", 1195725856, 4096, 12, 3, 120_000, "gateway", "rst", "http400"));
            }
        }

        // gateway.log's lines are read as one text: a raw line break in a value is written as it is.
        var text = File.ReadAllText(Path.Combine(dir, RunFiles.TextLog));
        var clef = File.ReadAllLines(Path.Combine(dir, RunFiles.JsonLog));
        Assert.Equal(expected.Count, clef.Length);
        var format = new ConnectionLineFormatter();
        var at = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            // Serilog's time, to the tick, given to the typed line.
            var time = DateTime.Parse(JsonDocument.Parse(clef[i]).RootElement.GetProperty("@t").GetString()!, CultureInfo.InvariantCulture,
                DateTimeStyles.RoundtripKind);
            format.Format(expected[i](time));
            var typed = format.Text.ToString();
            var serilog = text.Substring(at, Math.Min(typed.Length, text.Length - at));
            Assert.True(serilog == typed, $"{dir}/gateway.log event {i + 1}:\nSerilog: {serilog}\ntyped:   {typed}");
            at += typed.Length;
            Assert.True(clef[i] + "\n" == format.Clef.ToString(), $"{dir}/gateway.clef line {i + 1}:\nSerilog: {clef[i]}\ntyped:   {format.Clef}");
        }
        Assert.Equal(text.Length, at);
    }

    [Fact]
    public void TypedLinesKeepTheirPlaceAmongSerilogsEventsInBothFiles()
    {
        var dir = Directory.CreateDirectory(TestGateway.ArtifactDirectory("typed-lines-order")).FullName;
        using (var logging = new GatewayLogging(dir, LogEventLevel.Debug))
        using (var provider = new SerilogLoggerProvider(logging.Logger))
        {
            var handler = provider.CreateLogger(typeof(FramedConnectionHandler).FullName!);
            for (var portId = 1L; portId <= 500; portId++)
            {
                var record = new ConnectionRecord(portId, ListenerKind.Frames, $"c{portId}", null, null);
                logging.Connections.InitOk(record, "127.0.0.1:20001");
                handler.Frame(portId, record.Peer, 5);
                logging.Connections.DoTerminate(record, record.End(gatewayStopping: false));
            }
        }

        var expected = Enumerable.Range(1, 500).SelectMany(p => new[] { ("init ok", p), ("frame", p), ("do_terminate", p) }).ToList();
        var text = File.ReadAllLines(Path.Combine(dir, RunFiles.TextLog))
            .Select(l => (l.Split("] ")[1].Split(" #Port")[0], LogContractPort(l))).ToList();
        var clef = File.ReadAllLines(Path.Combine(dir, RunFiles.JsonLog)).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (LogContract.TextWordOf(e.GetProperty("@mt").GetString()!), e.GetProperty("portId").GetInt32())).ToList();
        Assert.Equal(expected, text);
        Assert.Equal(expected, clef);
    }

    [Fact]
    public void BelowTheMinimumLevelNothingIsWritten()
    {
        var dir = Directory.CreateDirectory(TestGateway.ArtifactDirectory("typed-lines-level")).FullName;
        using (var logging = new GatewayLogging(dir, LogEventLevel.Error))
        {
            var record = new ConnectionRecord(1, ListenerKind.Frames, "c1", null, null);
            logging.Connections.InitOk(record, "127.0.0.1:20001");
            logging.Connections.HeadError(record, 1, "0x00000001", "00000001", "\\0\\0\\0\\x01", 65536, "unknown", "fin");
            logging.Connections.DoTerminate(record, record.End(gatewayStopping: false));
        }

        Assert.Empty(File.ReadAllText(Path.Combine(dir, RunFiles.TextLog)));
        Assert.Empty(File.ReadAllText(Path.Combine(dir, RunFiles.JsonLog)));
    }

    private static int LogContractPort(string line) => LogContract.TryFindPort(line, out var id) ? (int)id : -1;

    private static uint ReadLength(byte[] head) => (uint)(head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3]);
}
