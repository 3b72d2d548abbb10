using Lab.Common.Text;
using Lab.Probes.Ports;

namespace Lab.Probes.Output;

/// <summary>The human-readable account of <c>probe ports</c>.</summary>
internal static class PortsText
{
    public static void Write(PortsResult r, string? hostRange, string? hostTwReuse)
    {
        Prose.WriteLine($"In a private network namespace with ip_local_port_range {r.Range} ({r.RangeSize} ports):");
        Prose.WriteLine($".NET connect() to one listener: {r.ConnectOpened} connected, then {r.ConnectError ?? "no error"}  (no free port for that destination)", "  ");
        if (r.RangeNote is not null)
            Prose.WriteLine($"note: {r.RangeNote}", "  ");
        Prose.WriteLine($".NET bind(port 0) then connect: {r.BindError ?? "no error"} at {r.BindFailedAt ?? "—"}  (bind needs a wholly free port)", "  ");
        Prose.WriteLine($".NET connect() to a second destination: {(r.SecondDestinationConnected ? $"connected, from port {r.SecondDestinationLocalPort}, a port already in use toward the first" : "failed")}  (only the 4-tuple must be unique)", "  ");
        Prose.WriteLine("OTP 25 in the same namespace:", "  ");
        foreach (var (form, atom) in r.Erlang)
            Console.WriteLine($"    {Describe(form),-52} {atom}");
        if (r.ErlangPortIdsConsumed is { } ids)
            Prose.WriteLine($"#Port ids used up by those failed attempts: {ids}", "    ");
        if (r.ErlangNote is not null)
            Prose.WriteLine(r.ErlangNote, "    ");
        Prose.WriteLine("The seed's httpc eaddrinuse came from an older OTP whose httpc bound before connecting; OTP 25's plain connect says eaddrnotavail.", "    ");
        Prose.WriteLine("TIME_WAIT, a client that closes first:", "  ");
        Prose.WriteLine($"tcp_tw_reuse=0: {r.TimeWaitReuse0.Opened} short connections, then {r.TimeWaitReuse0.Error ?? "no error"}: every port sits in TIME_WAIT for 60 s", "    ");
        var host = r.TimeWaitHostValue;
        Prose.WriteLine($"tcp_tw_reuse={host.TcpTwReuse} (the host's): {host.Opened} of {host.Attempts} attempts connected" +
                        (host.FirstReuseAfterMs is { } ms ? $"; ports in TIME_WAIT were reused after {ms} ms" : ""), "    ");
        Prose.WriteLine($"Arithmetic: {r.RangeSize} ports ÷ 60 s of TIME_WAIT = at most {r.MaxShortPerSecond} new connections/s to one destination without reuse.", "  ");
        Prose.WriteLine($"Host unchanged: {(r.HostUnchanged == true ? "yes" : "NO")} (ip_local_port_range {hostRange?.Replace('\t', ' ')}, tcp_tw_reuse {hostTwReuse})");
    }

    private static string Describe(string form) => form switch
    {
        "plain" => "gen_tcp:connect(Host, Port, [])",
        "ip" => "gen_tcp:connect(Host, Port, [{ip,{0,0,0,0}}])",
        "port0" => "gen_tcp:connect(Host, Port, [{port,0}])",
        "httpc" => "httpc:request(get, {Url, []}, ...)",
        "sname" => "erl -sname labprobe",
        _ => form,
    };
}
