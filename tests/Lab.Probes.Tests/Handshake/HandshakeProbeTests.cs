using System.Globalization;
using System.Text.Json;
using Lab.Common.Processes;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Handshake;

/// <summary>
/// <c>probe handshake</c> from outside: every field it prints for every segment equals tshark's own decode of
/// the pcap it wrote, every checksum on the veth is one tshark verifies as good and the lab's recomputation
/// equals, and the tips' numbers are the capture's.
/// </summary>
public class HandshakeProbeTests
{
    private static readonly string[] Fields =
    [
        "tcp.srcport", "tcp.seq_raw", "tcp.ack_raw", "tcp.seq", "tcp.ack", "tcp.hdr_len", "tcp.flags", "tcp.window_size_value", "tcp.checksum",
        "tcp.checksum.status", "tcp.urgent_pointer", "tcp.len", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.timestamp.tsval",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EverySegmentEqualsTsharksDecodeAndEveryChecksumIsGood(bool urgent)
    {
        var pcap = Path.Combine(Directory.CreateTempSubdirectory("lab-hs-").FullName, "hs.pcapng");

        var result = await CliRun.RunAsync("Probes", ["handshake", "--json", "--pcap", pcap, .. urgent ? new[] { "--urgent" } : []]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var r = doc.RootElement;
        var serverPort = r.GetProperty("server").GetString()!.Split(':')[1];
        var rows = r.GetProperty("segments").EnumerateArray().ToList();
        var tshark = await TsharkFields.ReadAsync(pcap, ["tcp.check_checksum:TRUE"], Fields);
        Assert.Equal(tshark.Count, rows.Count);
        // Per connection: SYN, SYN-ACK, ACK, data and its ACK each way, FIN each way, the last ACK.
        Assert.InRange(rows.Count, 8 * (urgent ? 3 : 1), 12 * (urgent ? 3 : 1));
        foreach (var (row, line) in rows.Zip(tshark))
        {
            var f = line.Split(',');
            var fromClient = f[0] != serverPort;
            Assert.Equal(fromClient ? "client → server" : "server → client", row.GetProperty("direction").GetString());
            Assert.Equal(f[1], U(row, "seq"));
            Assert.Equal(f[2], U(row, "ack"));
            Assert.Equal(f[3], U(row, "relativeSeq"));
            var flags = int.Parse(f[6][2..], NumberStyles.HexNumber);
            if ((flags & 0x10) != 0)
                Assert.Equal(f[4], U(row, "relativeAck"));
            Assert.Equal(f[5], U(row, "headerBytes"));
            Assert.Equal(int.Parse(f[5], CultureInfo.InvariantCulture) / 4, row.GetProperty("dataOffset").GetInt32());
            Assert.Equal(FlagText(flags), row.GetProperty("flags").GetString());
            Assert.Equal(f[7], U(row, "window"));
            Assert.Equal(f[8], row.GetProperty("checksum").GetString());
            Assert.Equal("1", f[9]); // tshark: good
            Assert.Equal(f[8], row.GetProperty("checksumComputed").GetString());
            Assert.True(row.GetProperty("checksumOk").GetBoolean());
            Assert.Equal(f[10], U(row, "urgentPointer"));
            Assert.Equal(f[11], U(row, "payloadBytes"));
            var options = row.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).ToList();
            Assert.Equal(f[12] == "" ? null : $"MSS {f[12]}", options.FirstOrDefault(o => o.StartsWith("MSS ", StringComparison.Ordinal)));
            Assert.Equal(f[13] == "" ? null : $"WS {f[13]}", options.FirstOrDefault(o => o.StartsWith("WS ", StringComparison.Ordinal)));
            Assert.Equal(f[14] == "" ? null : f[14], options.FirstOrDefault(o => o.StartsWith("TS ", StringComparison.Ordinal))?.Split(' ')[2]);
        }

        // The third packet's numbers in the tip are the capture's: ack = the server's ISN + 1, seq = the client's ISN + 1.
        var tips = r.GetProperty("tips").EnumerateArray().ToList();
        var third = tips.Single(t => t.GetProperty("notes").GetString()!.StartsWith("第三次握手", StringComparison.Ordinal));
        var synAck = tshark[1].Split(',');
        Assert.Contains($"= the server's ISN {synAck[1]} + 1", third.GetProperty("capture").GetString());
        Assert.Contains($"seq {tshark[2].Split(',')[1]} (relative 1)", third.GetProperty("capture").GetString());
        Assert.Equal("holds", third.GetProperty("verdict").GetString());
        var checksum = tips.Single(t => t.GetProperty("notes").GetString()!.StartsWith("校验和", StringComparison.Ordinal));
        Assert.StartsWith($"{rows.Count} of {rows.Count} checksums on the wire equal the lab's", checksum.GetProperty("capture").GetString());
        var pointer = tips.Single(t => t.GetProperty("notes").GetString()!.StartsWith("紧急指针", StringComparison.Ordinal));
        if (!urgent)
        {
            Assert.Equal("NO DATA", pointer.GetProperty("verdict").GetString());
            return;
        }
        // The urgent segments' pointers are tshark's (compared above); the tip names the same ones, and the receiver's
        // reads: with SO_OOBINLINE off the urgent byte comes only through MSG_OOB, with it on only in the stream.
        var urgentRows = rows.Where(x => x.GetProperty("flags").GetString()!.Contains("URG", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, urgentRows.Count);
        foreach (var row in urgentRows)
            Assert.Contains($"urgent pointer {row.GetProperty("urgentPointer").GetInt32()}", pointer.GetProperty("capture").GetString());
        var reads = r.GetProperty("urgentReads").EnumerateArray().ToList();
        Assert.Equal([false, true], reads.Select(x => x.GetProperty("oobInline").GetBoolean()));
        Assert.Equal("!", reads[0].GetProperty("outOfBand").GetString());
        Assert.DoesNotContain("!", string.Concat(reads[0].GetProperty("inBand").EnumerateArray().Select(x => x.GetString())));
        Assert.Equal(JsonValueKind.Null, reads[1].GetProperty("outOfBand").ValueKind);
        Assert.Contains("!", string.Concat(reads[1].GetProperty("inBand").EnumerateArray().Select(x => x.GetString())));
    }

    [Fact]
    public async Task TheTableFitsInAHundredAndTwentyColumns()
    {
        var pcap = Path.Combine(Directory.CreateTempSubdirectory("lab-hs-").FullName, "hs.pcapng");

        var result = await CliRun.RunAsync("Probes", "handshake", "--pcap", pcap);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Empty(OutputWidth.Problems(result.Stdout, "handshake")); // the segment table within 120 columns, its prose within 100
        Assert.Contains(" c→s  SYN ", result.Stdout);
        Assert.Contains("verdict: ", result.Stdout);
    }

    [Fact]
    public async Task APcapInADirectoryThatDoesNotExistIsAUsageError() =>
        (await CliRun.RunAsync("Probes", "handshake", "--pcap", "/nonexistent/dir/x.pcapng")).AssertUsageError("--pcap");

    private static string U(JsonElement row, string name) => row.GetProperty(name).GetRawText();

    private static string FlagText(int flags) =>
        string.Join(" ", new[] { (0x02, "SYN"), (0x10, "ACK"), (0x08, "PSH"), (0x01, "FIN"), (0x04, "RST"), (0x20, "URG"), (0x40, "ECE"), (0x80, "CWR") }
            .Where(f => (flags & f.Item1) != 0).Select(f => f.Item2));
}
