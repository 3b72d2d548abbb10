using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Tests.Support;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Tests.Loopback;

/// <summary>Behaviour docs/gateway.md documents that no other test reached: the HTTP endpoint's http_request
/// events, requests count and connection_close reason; --log-level debug's frame events; fin's 64 KiB drain
/// limit and the reset it forces on a peer that keeps sending.</summary>
public class DocumentedEventsTests
{
    [Fact]
    public async Task HttpKeepAliveLogsEachRequestAndEndsWithConnectionClose()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Http);
        for (var i = 1; i <= 3; i++)
        {
            var last = i == 3 ? "Connection: close\r\n" : "";
            await client.SendAsync(Encoding.ASCII.GetBytes($"GET /r{i} HTTP/1.1\r\nHost: x\r\n{last}\r\n"));
            // Each reply is read before the next request: keep-alive, not pipelining.
            var reply = "";
            while (!Regex.IsMatch(reply, "\r\n\r\n\\{.*\\}", RegexOptions.Singleline))
                reply += Encoding.ASCII.GetString(await client.ReadExactlyAsync(1));
            Assert.Contains($"\"request\":{i}", reply);
        }
        Assert.Equal(SocketError.Success, (await client.ReadToEndAsync(TimeSpan.FromSeconds(5))).Ending); // the server closed after the third
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();

        var requests = logs.Named("http_request").Where(e => e.GetProperty("peer").GetString()!.EndsWith($":{client.LocalPort}", StringComparison.Ordinal)).ToList();
        Assert.Equal([1, 2, 3], requests.Select(e => e.GetProperty("request").GetInt32()));
        Assert.Equal(["/r1", "/r2", "/r3"], requests.Select(e => e.GetProperty("path").GetString()));
        var end = logs.ForClient("do_terminate", client.LocalPort);
        Assert.Equal(3, end.GetProperty("requests").GetInt32());
        Assert.Equal(TerminateReason.ConnectionClose.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("gateway", end.GetProperty("closedBy").GetString());
    }

    [Fact]
    public async Task DebugLevelLogsEveryFramesLengthAndInfoLogsNone()
    {
        var debug = TestGateway.ArtifactDirectory("log-level-debug");
        var info = TestGateway.ArtifactDirectory("log-level-info");
        foreach (var (logs, level) in new[] { (debug, "debug"), (info, "info") })
        {
            using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--log-level", level, "--logs", logs);
            var port = await gateway.WaitForFramesPortAsync();
            using (var client = await RawClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)))
            {
                foreach (var payload in new[] { "hello"u8.ToArray(), "abc"u8.ToArray() })
                {
                    await client.SendAsync(PacketWriter.Encode(payload, 4));
                    await client.ReadExactlyAsync(4 + payload.Length);
                }
            }
            gateway.Signal(GatewayProcess.SigTerm);
            Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }

        var frames = RunLogs.Read(debug).Named("frame").ToList();
        Assert.Equal([5, 3], frames.Select(e => e.GetProperty("length").GetInt32()));
        Assert.All(frames, e => Assert.Equal("Debug", e.GetProperty("@l").GetString()));
        Assert.Equal(2, RunLogs.Read(debug).Text.Split('\n').Count(l => l.Contains("[DBG] frame #Port<0.", StringComparison.Ordinal)));
        Assert.Empty(RunLogs.Read(info).Named("frame"));
        Assert.Equal(2, RunLogs.Read(info).Named("do_terminate").Single().GetProperty("frames").GetInt32());
    }

    [Fact]
    public async Task FinDrainsAtMost64KiBThenAPeerThatKeepsSendingIsReset()
    {
        // "GET " then 16 MB: more than Kestrel's read buffer and the kernel's queues hold, so bytes are still
        // arriving when the drain stops at its 64 KiB: closing with unread bytes is a reset, logged as such.
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Fin);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        // "Still arriving" must not depend on this test's sending thread being scheduled: with a send buffer larger
        // than the drain's bound, the kernel moves the next bytes while the gateway's receive acknowledges the last
        // ones. With the default one, a busy machine (a full test run) left the sender off the CPU for a moment, the
        // drain found the queue empty, and closed with a FIN, as documented for a peer that has stopped sending.
        client.Socket.SendBufferSize = 4 * 1024 * 1024;
        var flood = new byte[16 * 1024 * 1024];
        "GET /anything HTTP/1.1\r\n"u8.CopyTo(flood);
        var sending = Task.Run(async () =>
        {
            try
            {
                await client.Socket.SendAsync(flood, SocketFlags.None);
                return SocketError.Success;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode;
            }
        });
        // The send fails once the reset arrives: ECONNRESET, or EPIPE (Shutdown) when it lands between two writes.
        Assert.Contains(await sending.WaitAsync(TimeSpan.FromSeconds(20)), new[] { SocketError.ConnectionReset, SocketError.Shutdown });
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();

        var end = logs.ForClient("do_terminate", client.LocalPort);
        Assert.Equal(TerminateReason.HeadError.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("rst", end.GetProperty("closeKind").GetString());
        Assert.InRange(end.GetProperty("bytesIn").GetInt64(), 64 * 1024, flood.Length - 1);
        Assert.Equal(1195725856u, logs.ForClient("head_error", client.LocalPort).GetProperty("headLength").GetUInt32());
    }

    [Fact]
    public async Task APeerThatResetsMidFrameIsAnIoErrorAndTheGatewaySendsNoClose()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = await RawClient.ConnectAsync(gateway.Frames);
        var port = client.LocalPort;
        await client.SendAsync([0, 0, 0, 10, 1, 2]); // a header promising 10 bytes, and 2 of them
        // The gateway has the connection before the reset (otherwise stopping it below would end an accept in progress).
        for (var deadline = DateTime.UtcNow.AddSeconds(5); gateway.Host.LiveConnections < 1; await Task.Delay(10))
            Assert.True(DateTime.UtcNow < deadline, "the gateway never registered the connection");
        client.Socket.LingerState = new LingerOption(true, 0);
        client.Dispose(); // an abortive close: RST
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();

        var end = logs.ForClient("do_terminate", port);
        Assert.Equal(TerminateReason.IoError.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("peer", end.GetProperty("closedBy").GetString());
        Assert.Equal(CloseKind.None.ToLogName(), end.GetProperty("closeKind").GetString()); // nothing left for our side to put on the wire
        Assert.Equal(0, end.GetProperty("frames").GetInt32());
    }
}
