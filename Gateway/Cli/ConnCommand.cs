using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lab.Logs;
using Lab.Common.Cli;
using Lab.Logs.Analysis;

namespace Lab.Gateway.Cli;

/// <summary><c>gateway conn DIR CONNECTION…</c>: one or more connections' lines, grouped, from any run
/// directory (with or without conn/, rolled logs included).</summary>
internal static class ConnCommand
{
    private static readonly Argument<string> Dir = new("DIR") { Description = "A run directory (gateway serve's logs=, a BrowserLab run or its gateway/)." };
    private static readonly Argument<string[]> Connections = new("CONNECTION")
    { Description = "Port ids (7 or '#Port<0.7>') or client ip:port (127.0.0.1:51234: every connection that client port had).", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<bool> Json = JsonOption.Create($"Print {{\"connections\":[{{\"{LogContract.Fields.PortId}\",\"source\",\"lines\",\"events\"}}],\"notFound\":[…]}} on stdout, events being {RunFiles.JsonLog}'s objects.");

    public static Command Create()
    {
        var command = new Command("conn", "Print connections' log lines, grouped per connection (exit 1 when one is not in the run).")
        {
            Dir, Connections, Json,
        };
        command.SetAction(parse => Run(parse));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var dir = parse.GetValue(Dir)!;
        var selectors = parse.GetValue(Connections)!.Select(ConnectionSelector.Parse).ToList();
        var json = parse.GetValue(Json);
        if (!Directory.Exists(dir))
            throw new UsageException($"{dir}: no such directory");
        IReadOnlyList<ConnectionLines> found;
        try
        {
            found = ConnectionFinder.Find(dir, selectors, json);
        }
        catch (FileNotFoundException e)
        {
            throw new UsageException(e.Message);
        }

        var notFound = selectors.Where(s => !found.Any(c => Matches(s, c))).Select(s => s.Text).ToList();
        if (json)
        {
            var output = new JsonObject
            {
                ["connections"] = new JsonArray(found.Select(c => (JsonNode)new JsonObject
                {
                    [LogContract.Fields.PortId] = c.PortId,
                    ["source"] = c.Source,
                    ["lines"] = new JsonArray(c.TextLines.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
                    ["events"] = new JsonArray(c.JsonEvents.Select(e => JsonNode.Parse(e)).ToArray()),
                }).ToArray()),
                ["notFound"] = new JsonArray(notFound.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            };
            Console.Out.WriteLine(output.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            var first = true;
            foreach (var c in found)
            {
                if (!first)
                    Console.Out.WriteLine();
                first = false;
                Console.Out.WriteLine($"# {LogContract.FormatPort(c.PortId)}: {c.TextLines.Count} line(s) from {c.Source}");
                foreach (var line in c.TextLines)
                    Console.Out.WriteLine(line);
            }
        }
        foreach (var missing in notFound)
            Console.Error.WriteLine($"no connection {missing} in {dir}");
        return notFound.Count == 0 ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }

    private static bool Matches(ConnectionSelector s, ConnectionLines c) =>
        s.PortId == c.PortId || (s.Peer is { } peer && c.TextLines.Concat(c.JsonEvents).Any(l => l.Contains($"peer={peer} ", StringComparison.Ordinal) || l.Contains($"\"peer\":\"{peer}\"", StringComparison.Ordinal)));
}
