using System.CommandLine;
using System.Net;
using Lab.Common.Cli;

namespace Lab.Bench.Cli;

/// <summary><c>LabBench hold-clients PORT COUNT</c>: the second process <see cref="HeldClients"/> needs to
/// offer a gateway more connections than one process may hold; started by the soak, not by hand (hidden).</summary>
internal static class HoldClientsCommand
{
    private static readonly Argument<int> Port = new("PORT") { Description = "The gateway's frame port on 127.0.0.1." };
    private static readonly Argument<int> Count = new("COUNT") { Description = "Connections to open and hold (1-19000)." };

    public static Command Create()
    {
        var command = new Command("hold-clients", "Open COUNT connections to 127.0.0.1:PORT, say 'held N' on stdout, hold them until stdin closes.")
        {
            Port, Count,
        };
        command.Hidden = true;
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(Port), parse.GetValue(Count), cancel));
        return command;
    }

    private static async Task<int> RunAsync(int port, int count, CancellationToken interrupt)
    {
        if (port is < 1 or > 65535)
            throw new UsageException($"PORT: {port} is not a TCP port (1-65535)");
        if (count is < 1 or > 19_000)
            throw new UsageException($"COUNT: {count} is out of range; use 1 to 19000");
        var sockets = await HeldClients.OpenAsync(new IPEndPoint(IPAddress.Loopback, port), count);
        Console.WriteLine($"held {sockets.Count}");
        // Until the soak closes stdin, or a Ctrl+C that reached the whole process group stops holding.
        try { await Console.In.ReadToEndAsync(interrupt); } catch (OperationCanceledException) { }
        foreach (var s in sockets)
            s.Dispose();
        return ExitCodes.Ok;
    }
}
