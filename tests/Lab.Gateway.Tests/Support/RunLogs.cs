using System.Text.Json;
using Lab.Logs.Analysis;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Tests.Support;

/// <summary>A run directory's logs as the tests read them: the compact-JSON events, the text log,
/// the per-connection files and the port journal, each read across its rolled files in order.</summary>
public sealed class RunLogs
{
    private RunLogs(string directory, List<JsonElement> events)
    {
        Directory = directory;
        Events = events;
    }

    public string Directory { get; }
    public IReadOnlyList<JsonElement> Events { get; }

    public static RunLogs Read(string directory)
    {
        var events = RolledLogSet.InOrder(Path.Combine(directory, "gateway.clef")).SelectMany(File.ReadLines)
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return new RunLogs(directory, events);
    }

    /// <summary>Like <see cref="Read"/>, skipping lines that are not JSON (one a killed gateway cut).</summary>
    public static RunLogs ReadLenient(string directory)
    {
        var events = new List<JsonElement>();
        foreach (var line in RolledLogSet.InOrder(Path.Combine(directory, "gateway.clef")).SelectMany(File.ReadLines).Where(l => l.Length > 0))
        {
            try
            {
                events.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // cut
            }
        }
        return new RunLogs(directory, events);
    }

    /// <summary>gateway.log, its rolled files included, in order.</summary>
    public string Text => string.Concat(RolledLogSet.InOrder(Path.Combine(Directory, "gateway.log")).Select(File.ReadAllText));

    public string[] Journal => RolledLogSet.InOrder(Path.Combine(Directory, "ports.log")).SelectMany(File.ReadLines).ToArray();

    public string ConnectionFile(long portId) => File.ReadAllText(Path.Combine(Directory, "conn", $"{portId}.log"));

    /// <summary>The connection's lines as <c>gateway conn</c> finds them: its conn/&lt;N&gt;.log if the run kept one, else from gateway.log.</summary>
    public string ConnectionText(long portId) =>
        string.Join('\n', Assert.Single(ConnectionFinder.Find(Directory, [ConnectionSelector.Parse(portId.ToString())], json: false)).TextLines) + "\n";

    public IEnumerable<JsonElement> Named(string eventName) =>
        Events.Where(e => e.TryGetProperty("EventId", out var id) && id.GetProperty("Name").GetString() == eventName);

    /// <summary>The event of this name for the connection whose client used this local port.</summary>
    public JsonElement ForClient(string eventName, int clientPort) =>
        Named(eventName).Single(e => e.GetProperty("peer").GetString()!.EndsWith($":{clientPort}", StringComparison.Ordinal));

    public long PortIdOf(int clientPort) => ForClient("init_ok", clientPort).GetProperty("portId").GetInt64();
}
