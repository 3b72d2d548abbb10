using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lab.Probes.Kernel;

namespace Lab.Probes.Ports;

/// <summary>
/// Inside a private namespace with a tiny ephemeral range: exhausts it with plain connects, shows
/// bind(0) failing differently, a second destination still working, what OTP's connect forms report,
/// and what tcp_tw_reuse changes for a client that closes first.
/// </summary>
internal sealed class PortExhaustion(int low, int high, string hostTwReuse, Action<string> progress)
{
    // Listeners on fixed ports below the tiny range: the namespace is empty, and an ephemeral listener
    // port would itself use up one of the ports being measured.
    private static readonly IPEndPoint First = new(IPAddress.Loopback, 7001);
    private static readonly IPEndPoint Second = new(IPAddress.Loopback, 7002);

    public async Task<PortsResult> RunAsync()
    {
        PrivateNetworkNamespace.Enter();
        PrivateNetworkNamespace.WriteSysctl("net.ipv4.ip_local_port_range", $"{low} {high}");
        var size = high - low + 1;
        using var first = new AcceptingListener(First);
        using var second = new AcceptingListener(Second);

        progress($"connect() to {First} until it fails (range {low}-{high}, {size} ports)");
        var clients = new List<Socket>();
        string? connectError = null;
        for (var i = 0; i < size + 5 && connectError is null; i++)
        {
            var s = NewSocket();
            try { s.Connect(First); clients.Add(s); }
            catch (SocketException e) { connectError = ErrnoName.Of(e); s.Dispose(); }
        }

        var opened = clients.Count;
        var (bindError, failedAt) = BindThenConnect();
        var (secondOk, secondPort) = ConnectSecond(clients);
        progress("OTP 25's connect forms with every port in use");
        var (erlang, consumed, note) = await ErlangForms.RunAsync(First.Port);

        // Let the servers close first, so the client ports come free without TIME_WAIT on our side —
        // every one of them, so first wait until the background accept loops hold them all.
        await first.WaitAcceptedAsync(opened);
        await second.WaitAcceptedAsync(secondOk ? 1 : 0);
        first.CloseAccepted();
        second.CloseAccepted();
        await Task.Delay(200);
        clients.ForEach(c => c.Dispose());
        await Task.Delay(200);

        PrivateNetworkNamespace.WriteSysctl("net.ipv4.tcp_tw_reuse", "0");
        var reuse0 = ShortConnections("0", size + 5, TimeSpan.Zero);
        PrivateNetworkNamespace.WriteSysctl("net.ipv4.tcp_tw_reuse", hostTwReuse);
        var hostValue = ShortConnections(hostTwReuse, size, TimeSpan.FromSeconds(5));

        return new PortsResult
        {
            Range = $"{low}-{high}",
            RangeSize = size,
            ConnectOpened = opened,
            ConnectError = connectError,
            BindError = bindError,
            BindFailedAt = failedAt,
            SecondDestinationConnected = secondOk,
            SecondDestinationLocalPort = secondPort,
            Erlang = erlang,
            ErlangPortIdsConsumed = consumed,
            ErlangNote = note,
            TimeWaitReuse0 = reuse0,
            TimeWaitHostValue = hostValue,
            MaxShortPerSecond = Math.Round(size / 60.0, 2),
            RangeNote = size % 2 == 1
                ? "an odd number of ports: Linux's connect() scans an even count of them (__inet_hash_connect rounds down), so depending on its random offset one port may never be used"
                : null,
        };
    }

    private static Socket NewSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    private static (string? Error, string? At) BindThenConnect()
    {
        using var s = NewSocket();
        try { s.Bind(new IPEndPoint(IPAddress.Any, 0)); }
        catch (SocketException e) { return (ErrnoName.Of(e), "bind"); }
        try { s.Connect(First); return (null, null); }
        catch (SocketException e) { return (ErrnoName.Of(e), "connect"); }
    }

    private static (bool Ok, int? LocalPort) ConnectSecond(List<Socket> clients)
    {
        var s = NewSocket();
        try
        {
            s.Connect(Second);
            clients.Add(s);
            return (true, ((IPEndPoint)s.LocalEndPoint!).Port);
        }
        catch (SocketException)
        {
            s.Dispose();
            return (false, null);
        }
    }

    /// <summary>Connect, then the client closes first (its port goes to TIME_WAIT), until a connect fails
    /// and <paramref name="patience"/> has passed, at most <paramref name="limit"/> connections.</summary>
    private TimeWaitRun ShortConnections(string reuse, int limit, TimeSpan patience)
    {
        progress($"short connections closed by the client, tcp_tw_reuse={reuse}");
        var clock = Stopwatch.StartNew();
        int opened = 0, attempts = 0;
        string? error = null;
        double? firstReuse = null;
        while (opened < limit)
        {
            attempts++;
            using var s = NewSocket();
            try
            {
                s.Connect(First);
                if (error is not null)
                    firstReuse ??= Math.Round(clock.Elapsed.TotalMilliseconds);
                opened++;
                s.LingerState = new LingerOption(false, 0);
                s.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException e)
            {
                error ??= ErrnoName.Of(e);
                if (clock.Elapsed >= patience)
                    break;
                Thread.Sleep(100);
            }
        }
        return new TimeWaitRun(reuse, opened, attempts, error, firstReuse);
    }
}
