using System.CommandLine;
using System.Text.Json;
using Lab.Common.Cli;
using Lab.Probes.Kernel;
using Lab.Probes.Output;
using Lab.Probes.Ports;

namespace Lab.Probes.Cli;

/// <summary><c>probe ports</c>: the seed's eaddrinuse, reproduced in a private network namespace.</summary>
internal static class PortsCommand
{
    private static readonly Option<string> Range = new("--range") { Description = "The tiny ephemeral range to set inside the namespace (LOW-HIGH, 1-1000 ports, above 1024).", DefaultValueFactory = _ => "40000-40009" };
    private static readonly Option<bool> Json = JsonOption.Create();
    private static readonly Option<bool> Inside = new(PrivateNetworkNamespace.InsideOption) { Hidden = true };
    private static readonly Option<string> HostTwReuse = new Option<string>("--host-tw-reuse") { Hidden = true, DefaultValueFactory = _ => "2" }.OneOf("0", "1", "2");
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var command = new Command("ports", "Exhaust a tiny ephemeral range in a private network namespace: EADDRNOTAVAIL vs EADDRINUSE from .NET and real OTP, and what TIME_WAIT and tcp_tw_reuse change.")
        {
            Range, Json, Inside, HostTwReuse,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        InsideOnly.Check(parse, Inside, HostTwReuse);
        var (low, high) = ParseRange(parse.GetValue(Range)!);
        if (parse.GetValue(Inside))
        {
            var inside = await new PortExhaustion(low, high, parse.GetValue(HostTwReuse)!, Console.Error.WriteLine).RunAsync();
            Console.Out.WriteLine(JsonSerializer.Serialize(inside, Web));
            return ExitCodes.Ok;
        }

        var progress = new StderrProgress();
        var before = HostValues();
        var json = await PrivateNetworkNamespace.RunAsync("ports", ["--range", $"{low}-{high}", "--host-tw-reuse", before.TwReuse ?? "2"], TimeSpan.FromMinutes(2),
            line => progress.Report("  " + line), cancel);
        var result = JsonSerializer.Deserialize<PortsResult>(json, Web)!;
        result.HostUnchanged = HostValues() == before;

        if (parse.GetValue(Json))
            JsonOutput.Write(result);
        else
            PortsText.Write(result, before.Range, before.TwReuse);
        return result.HostUnchanged == true ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }

    private static (string? Range, string? TwReuse) HostValues() =>
        (Sysctl.Read("net.ipv4.ip_local_port_range"), Sysctl.Read("net.ipv4.tcp_tw_reuse"));

    private static (int Low, int High) ParseRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var low) || !int.TryParse(parts[1], out var high)
            || low < 1025 || high > 65535 || high < low || high - low + 1 > 1000)
            throw new UsageException($"--range: '{text}' is not LOW-HIGH with 1 to 1000 ports between 1025 and 65535 (e.g. 40000-40009)");
        return (low, high);
    }
}
