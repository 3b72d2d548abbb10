using System.Globalization;
using Lab.Logs;

namespace Lab.Logs.Analysis;

/// <summary>ports.log read back across its rolled files: one entry per id line; comment lines (the header,
/// run_start, log_retention, log_cut) skipped, a damaged id line counted, and counted as cut when the next
/// run's <c># log_cut file=ports.log</c> follows it.</summary>
internal static class PortJournalReader
{
    public static List<PortJournalEntry> Read(string activePath, ReadProblems problems)
    {
        var entries = new List<PortJournalEntry>();
        var cutNote = $"# {LogContract.Names.LogCut} {LogContract.Fields.File}={RunFiles.Journal}";
        var damaged = new DamagedLineTracker(problems);
        foreach (var line in RolledLogSet.InOrder(activePath).SelectMany(File.ReadLines))
        {
            if (!line.StartsWith(LogContract.PortPrefix, StringComparison.Ordinal))
            {
                damaged.Read(line == cutNote);
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length < 4 || !LogContract.TryParsePort(parts[0], out var id)
                || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                damaged.Damaged($"{RunFiles.Journal}: {GatewayRun.Truncate(line)}");
                continue;
            }
            damaged.Read(false);
            entries.Add(new PortJournalEntry(id, time, LoggedText.Printable(parts[2])!, LoggedText.Printable(parts[3])!));
        }
        return entries;
    }
}
