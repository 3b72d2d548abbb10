using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lab.Bench;
using Lab.Bench.Peers;

namespace Lab.Bench.Tests;

/// <summary>The bench's reference servers as real processes on 127.0.0.1, each held to the same {packet,4}
/// behaviour: OTP's escript is the reference, the Go and Netty peers are built on demand and must match it.</summary>
public sealed partial class PeerEchoTests
{
    private const int MaxPacket = 65536;
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(10);
    private readonly BenchPaths _paths = BenchPaths.Discover();

    public static TheoryData<string> Peers => ["otp", "go", "netty"];

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task EchoesPipelinedFramesUnchangedAndInOrder(string peer)
    {
        // Five frames, the empty one and the largest allowed among them, random bytes each, in one write: what comes
        // back must be the same bytes, and nothing after them once this side has closed.
        using var server = await PeerServer.StartAsync(await StartInfoAsync(peer));
        int[] sizes = [0, 1, 64, 4096, MaxPacket];
        var sent = sizes.SelectMany(Frame).ToArray();
        using var client = await ConnectAsync(server.Port);

        await client.SendAsync(sent);
        var echoed = await ReceiveAsync(client, sent.Length);
        client.Shutdown(SocketShutdown.Send);
        var after = await ReceiveAsync(client, int.MaxValue);

        Assert.True(sent.AsSpan().SequenceEqual(echoed), $"{peer}: {Describe(sent, echoed)}");
        Assert.Empty(after); // the server closed after our FIN with nothing more
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task ClosesOnADeclaredLengthOver65536WithoutAReply(string peer)
    {
        // gen_tcp's {packet_size,65536}: a header declaring one byte more is emsgsize, and the connection closes.
        using var server = await PeerServer.StartAsync(await StartInfoAsync(peer));
        using var client = await ConnectAsync(server.Port);
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, MaxPacket + 1);

        await client.SendAsync(header);
        var reply = await ReceiveAsync(client, int.MaxValue); // to the server's FIN or RST; a timeout fails

        Assert.Empty(reply);
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task EndsPromptlyOnSigterm(string peer)
    {
        // With a connection open and echoing: the bench stops each server with SIGTERM between cells.
        using var server = await PeerServer.StartAsync(await StartInfoAsync(peer));
        using var client = await ConnectAsync(server.Port);
        var frame = Frame(8);
        await client.SendAsync(frame);
        Assert.Equal(frame, await ReceiveAsync(client, frame.Length));

        var stopwatch = Stopwatch.StartNew();
        await server.TerminateAsync(TimeSpan.FromSeconds(5));

        Assert.True(server.HasExited, $"{peer} still runs {stopwatch.Elapsed.TotalSeconds:0.0} s after SIGTERM");
    }

    private async Task<ProcessStartInfo> StartInfoAsync(string peer) => peer switch
    {
        "otp" => new ProcessStartInfo("escript") { ArgumentList = { _paths.OtpScript, "0" }, RedirectStandardOutput = true, RedirectStandardError = true },
        "go" => await new GoEcho(_paths).StartInfoAsync(),
        "netty" => await new NettyEcho(_paths).StartInfoAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(peer), peer, null),
    };

    /// <summary>A {packet,4} frame: the big-endian length, then <paramref name="size"/> random bytes.</summary>
    private static byte[] Frame(int size)
    {
        var frame = new byte[4 + size];
        BinaryPrimitives.WriteInt32BigEndian(frame, size);
        Random.Shared.NextBytes(frame.AsSpan(4));
        return frame;
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>Up to <paramref name="count"/> bytes, fewer when the server closes (FIN, or a reset: both end the
    /// connection); a server still silent after <see cref="ReadLimit"/> fails the test.</summary>
    private static async Task<byte[]> ReceiveAsync(Socket socket, int count)
    {
        using var timeout = new CancellationTokenSource(ReadLimit);
        var received = new MemoryStream();
        var buffer = new byte[65536];
        while (received.Length < count)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - received.Length)), timeout.Token);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                var of = count == int.MaxValue ? "" : $" of {count}";
                throw new TimeoutException($"the connection stayed open {ReadLimit.TotalSeconds:0} s with {received.Length}{of} bytes read");
            }
            if (n == 0)
                break;
            received.Write(buffer, 0, n);
        }
        return received.ToArray();
    }

    private static string Describe(byte[] sent, byte[] echoed)
    {
        var at = sent.AsSpan().CommonPrefixLength(echoed);
        return $"sent {sent.Length} bytes, {echoed.Length} came back, the first difference at byte {at}";
    }

    /// <summary>One server process, from its <c>listening PORT</c> line to its end (killed if still running).</summary>
    private sealed partial class PeerServer : IDisposable
    {
        private readonly Process _process;

        private PeerServer(Process process, int port) => (_process, Port) = (process, port);

        public int Port { get; }
        public bool HasExited => _process.HasExited;

        public static async Task<PeerServer> StartAsync(ProcessStartInfo info)
        {
            var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (first is null || Listening().Match(first) is not { Success: true } m)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{info.FileName} printed '{first}' first, not 'listening PORT': {await stderr}");
            }
            _ = process.StandardOutput.ReadToEndAsync(); // nothing more is expected; never let the pipe fill
            return new PeerServer(process, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        public async Task TerminateAsync(TimeSpan limit)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(limit);
            }
            catch (TimeoutException)
            {
                // HasExited says so.
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            _process.Dispose();
        }

        [GeneratedRegex(@"^listening (\d+)$")]
        private static partial Regex Listening();
    }
}
