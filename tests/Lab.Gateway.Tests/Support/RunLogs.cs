using System.Text.Json;

namespace Lab.Gateway.Tests.Support;

/// <summary>A run directory's logs as the tests read them: the compact-JSON events, the text log,
/// the per-connection files and the port journal.</summary>
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
        var events = File.ReadAllLines(Path.Combine(directory, "gateway.clef"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return new RunLogs(directory, events);
    }

    public string Text => File.ReadAllText(Path.Combine(Directory, "gateway.log"));

    public string[] Journal => File.ReadAllLines(Path.Combine(Directory, "ports.log"));

    public string ConnectionFile(long portId) => File.ReadAllText(Path.Combine(Directory, "conn", $"{portId}.log"));

    public IEnumerable<JsonElement> Named(string eventName) =>
        Events.Where(e => e.TryGetProperty("EventId", out var id) && id.GetProperty("Name").GetString() == eventName);

    /// <summary>The event of this name for the connection whose client used this local port.</summary>
    public JsonElement ForClient(string eventName, int clientPort) =>
        Named(eventName).Single(e => e.GetProperty("peer").GetString()!.EndsWith($":{clientPort}", StringComparison.Ordinal));

    public long PortIdOf(int clientPort) => ForClient("init_ok", clientPort).GetProperty("portId").GetInt64();
}
