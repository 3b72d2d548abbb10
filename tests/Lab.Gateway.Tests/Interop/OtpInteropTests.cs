using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Interop;

/// <summary>Real Erlang/OTP (Debian erlang-nox) is the framing oracle: frames must cross between the
/// gateway and gen_tcp {packet,4} unchanged, and for every header the gateway's verdict must be OTP's.</summary>
public class OtpInteropTests
{
    private static readonly int[] FrameSizes = [0, 1, 1000, 65536];

    [Fact]
    public async Task OtpClientGetsIdenticalEchoesFromTheGateway()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = ErlangPeer.Start("frame_client.erl", [gateway.Frames.Port.ToString(), .. FrameSizes.Select(s => s.ToString())]);

        var (code, lines) = await client.WaitForExitAsync();

        Assert.True(code == 0, string.Join('\n', lines));
        Assert.Equal(FrameSizes.Select(s => $"echo {s} ok"), lines.Where(l => l.StartsWith("echo ")));
        await gateway.WaitForNoConnectionsAsync();
        var end = (await gateway.StopAndReadLogsAsync()).Named("do_terminate").Single();
        Assert.Equal(FrameSizes.Length, end.GetProperty("frames").GetInt64());
        Assert.Equal("peer_closed", end.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task FrameEncoderTalksToAnOtpEchoServer()
    {
        using var server = ErlangPeer.Start("echo_server.erl");
        var port = server.ListeningPort();
        using var client = await RawClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));

        foreach (var size in FrameSizes)
        {
            var payload = Enumerable.Range(1, size).Select(i => (byte)(i % 251)).ToArray();
            var wire = PacketWriter.Encode(payload, 4);
            await client.SendAsync(wire);
            var echoed = await client.ReadExactlyAsync(wire.Length);
            var read = new PacketReader(4, 65536).Read(new(echoed));
            Assert.Equal(PacketReadStatus.Frame, read.Status);
            Assert.Equal(payload, read.Payload.ToArray());
        }
    }

    public static TheoryData<uint> Headers => new()
    {
        0u, 1u, 1000u, 65535u, 65536u, 65537u, 1_000_000u,
        1195725856u, // "GET "
        0x16030100u, // TLS record
        0x50524920u, // "PRI "
        0xFFFFFFFFu,
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task GatewayVerdictEqualsOtpVerdict(uint declared)
    {
        var bytes = Wire(declared);
        using var oracle = ErlangPeer.Start("verdict_server.erl");
        var oraclePort = oracle.ListeningPort();
        using (var toOtp = await RawClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, oraclePort)))
        {
            await toOtp.SendAsync(bytes);
            var verdict = oracle.NextLine($"verdict {toOtp.LocalPort} ").Split(' ');
            var otp = verdict[2] == "frame" ? $"frame {verdict[3]}" : $"error {verdict[3]}";

            await using var gateway = await TestGateway.StartAsync(test: $"Verdict-{declared}");
            using var toGateway = await RawClient.ConnectAsync(gateway.Frames);
            await toGateway.SendAsync(bytes);
            toGateway.Socket.Shutdown(SocketShutdown.Send);
            var (echo, _) = await toGateway.ReadToEndAsync();
            await gateway.WaitForNoConnectionsAsync();
            var logs = await gateway.StopAndReadLogsAsync();
            var headErrors = logs.Named("head_error").ToArray();
            var ours = headErrors.Length == 1
                ? "error emsgsize"
                : $"frame {new PacketReader(4, 65536).Read(new(echo)).Payload.Length}";

            Assert.Equal(otp, ours);
            if (headErrors.Length == 1)
                Assert.Equal(declared, headErrors[0].GetProperty("headLength").GetUInt32());
        }
    }

    /// <summary>The header, then the whole payload when it is small enough to send, else 16 bytes of it.</summary>
    private static byte[] Wire(uint declared)
    {
        var header = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, declared);
        var body = new byte[declared <= 65537 ? declared : 16];
        return [.. header, .. body];
    }
}
