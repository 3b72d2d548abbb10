namespace Lab.Logs;

/// <summary>The files of a gateway's run directory, by the names the gateway writes and every reader opens.
/// Each log rolls into numbered files (<see cref="RolledLogSet"/>).</summary>
internal static class RunFiles
{
    /// <summary>The text log: one line per event, as <see cref="LogContract.Templates"/> words it.</summary>
    public const string TextLog = "gateway.log";

    /// <summary>The compact JSON log (CLEF): the same events with every field, what the analysis reads.</summary>
    public const string JsonLog = "gateway.clef";

    /// <summary>The port-id journal: every id the gateway's ports took, connections or not.</summary>
    public const string Journal = "ports.log";

    /// <summary><see cref="Journal"/>'s first line: its tab-separated columns.</summary>
    public const string JournalHeader = "# " + LogContract.Fields.PortId + "\ttime\ttakenBy\tdetail";

    /// <summary>The folder of per-connection files (<c>serve --conn-files</c>): <c>conn/&lt;N&gt;.log</c>.</summary>
    public const string ConnectionDirectory = "conn";

    /// <summary>Every log a run writes, each of which rolls.</summary>
    public static IReadOnlyList<string> Logs { get; } = [TextLog, JsonLog, Journal];

    /// <summary>gateway.clef of <paramref name="directory"/> and the files it rolled into, in the order written.</summary>
    public static IReadOnlyList<string> JsonLogFiles(string directory) => RolledLogSet.InOrder(Path.Combine(directory, JsonLog));

    /// <summary>The per-connection file of port id <paramref name="portId"/>, relative to the run directory.</summary>
    public static string ConnectionFile(long portId) => Path.Combine(ConnectionDirectory, $"{portId}.log");
}
