using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lab.Common.Cli;
using Lab.Probes.Handshake;
using Lab.Probes.Kernel;
using Lab.Probes.Output;

namespace Lab.Probes.Cli;

/// <summary><c>probe handshake</c>: the notes' TCP header tips checked on the wire, segment by segment.</summary>
internal static class HandshakeCommand
{
    private static readonly Option<bool> Json = JsonOption.Create("Print {client, server, device, pcap, segments[], tips[]} and nothing else.");
    private static readonly Option<string?> Pcap = new("--pcap") { Description = "Write the capture to this file (default: a new file in the temp directory)." };
    private static readonly Option<bool> Urgent = new("--urgent")
    { Description = "Two more connections whose request's last byte goes with MSG_OOB (URG): the urgent pointer Linux writes, and what the receiver reads with SO_OOBINLINE off and on." };
    private static readonly Option<bool> Inside = new(PrivateNetworkNamespace.InsideOption) { Hidden = true };
    private static readonly Option<string?> HostPorts = new("--host-port-range") { Hidden = true };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var command = new Command("handshake",
            "One small request and reply across a veth link between two private namespaces (checksum offload off), captured with dumpcap and " +
            "decoded by the lab field by field; then the field notes' TCP tips (header size, the third packet's seq, the checksum, PSH, the window, " +
            "FIN, the urgent pointer, the dynamic port range) with verdicts computed from the capture. Needs root; the host's network is untouched.")
        {
            Json, Pcap, Urgent, Inside, HostPorts,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        InsideOnly.Check(parse, Inside, HostPorts);
        var pcap = Path.GetFullPath(parse.GetValue(Pcap) ?? Path.Combine(Directory.CreateTempSubdirectory("lab-handshake-").FullName, "handshake.pcapng"));
        if (parse.GetValue(Inside))
        {
            var range = parse.GetValue(HostPorts) is not { } given ? ((int, int)?)null
                : given.Split('-') is [var low, var high] && int.TryParse(low, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                  && int.TryParse(high, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? (l, h)
                : throw new UsageException($"--host-port-range: '{given}' is not LOW-HIGH");
            var inside = await new HandshakeProbe(pcap, range, parse.GetValue(Urgent), Console.Error.WriteLine).RunAsync();
            Console.Out.WriteLine(JsonSerializer.Serialize(inside, Web));
            return ExitCodes.Ok;
        }
        if (Path.GetDirectoryName(pcap) is { } dir && !Directory.Exists(dir))
            throw new UsageException($"--pcap {pcap}: no such directory {dir}");
        var progress = new StderrProgress();
        var ports = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var json = await PrivateNetworkNamespace.RunAsync("handshake", ["--pcap", pcap, "--host-port-range", $"{ports[0]}-{ports[1]}", .. parse.GetValue(Urgent) ? new[] { "--urgent" } : []], TimeSpan.FromMinutes(1),
            line => progress.Report("  " + line), cancel);
        var result = JsonSerializer.Deserialize<HandshakeResult>(json, Web)!;
        if (parse.GetValue(Json))
            JsonOutput.Write(result);
        else
            Console.Out.Write(HandshakeText.Render(result));
        return result.Segments.Count > 0 ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }
}
