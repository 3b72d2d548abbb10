using System.Globalization;
using System.Text.RegularExpressions;
using Lab.Logs;

namespace Lab.Logs;

/// <summary>
/// A log and the files it rolled into: <c>gateway.clef</c> is always the one being written; when it
/// reaches <c>--log-max-size</c> it becomes <c>gateway-000001.clef</c>, then <c>gateway-000002.clef</c>,
/// and so on (numbers only grow, nothing is renamed twice). Read in order: the numbered files by
/// number, then the active one.
/// </summary>
internal static partial class RolledLogSet
{
    // Where a log's deletion notes are looked for: they follow the roll by a line or two at most.
    private const int NoteHeadChars = 64 * 1024;

    /// <summary>The name the active file <paramref name="activePath"/> gets as its <paramref name="number"/>th roll.</summary>
    public static string RolledPath(string activePath, long number) =>
        Path.Combine(Path.GetDirectoryName(activePath) ?? "",
            $"{Path.GetFileNameWithoutExtension(activePath)}-{number.ToString("D6", CultureInfo.InvariantCulture)}{Path.GetExtension(activePath)}");

    /// <summary>The rolled files of <paramref name="activePath"/> that exist, oldest first, with their numbers.</summary>
    public static IReadOnlyList<(long Number, string Path)> Rolled(string activePath)
    {
        var directory = Path.GetDirectoryName(activePath) is { Length: > 0 } d ? d : ".";
        if (!Directory.Exists(directory))
            return [];
        var stem = Path.GetFileNameWithoutExtension(activePath);
        var extension = Path.GetExtension(activePath);
        return Directory.EnumerateFiles(directory, $"{stem}-*{extension}")
            .Select(p => (Match: RolledName().Match(Path.GetFileName(p)), Path: p))
            .Where(x => x.Match.Success && x.Match.Groups["stem"].Value == stem && x.Match.Groups["ext"].Value == extension)
            .Select(x => (long.Parse(x.Match.Groups["n"].Value, CultureInfo.InvariantCulture), x.Path))
            .OrderBy(x => x.Item1)
            .ToList();
    }

    /// <summary>Every file of the log in the order it was written: rolled files by number, then the active one (if it exists).</summary>
    public static IReadOnlyList<string> InOrder(string activePath) =>
        [.. Rolled(activePath).Select(r => r.Path), .. File.Exists(activePath) ? [activePath] : Array.Empty<string>()];

    /// <summary>Rolled files missing before the oldest one kept: retention deleted them (0 when the set starts at 1).
    /// With no rolled file left (<c>--log-retain 1</c> deletes each one as it rolls), the deletion notes at the head
    /// of the active file say how many.</summary>
    public static long DeletedBefore(string activePath) =>
        Rolled(activePath) is { Count: > 0 } rolled ? rolled[0].Number - 1 : NewestNotedDeletion(activePath);

    /// <summary>The highest number this log has rolled into (0: never): its newest rolled file, or the newest one a
    /// deletion note at the head of the active file names, so a restarted gateway never reuses a number.</summary>
    public static long LastNumber(string activePath) =>
        Math.Max(Rolled(activePath) is { Count: > 0 } rolled ? rolled[^1].Number : 0, NewestNotedDeletion(activePath));

    /// <summary>The highest number of this log's own files named by a <c>log_retention</c> note in the first
    /// <see cref="NoteHeadChars"/> characters of the active file (0 if none). A log notes a deletion into itself
    /// right after the roll that caused it, so the note opens the file being written; gateway.log writes it as
    /// a text line, gateway.clef as an event (<see cref="GatewayLogging"/>).</summary>
    private static long NewestNotedDeletion(string activePath)
    {
        if (!File.Exists(activePath))
            return 0;
        var head = new char[NoteHeadChars];
        int read;
        try
        {
            using var stream = new FileStream(activePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            read = reader.ReadBlock(head, 0, head.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        var ownName = new Regex($@"(?<![\w.-]){Regex.Escape(Path.GetFileNameWithoutExtension(activePath))}-(?<n>\d{{6,}}){Regex.Escape(Path.GetExtension(activePath))}(?![\w.])",
            RegexOptions.CultureInvariant);
        long newest = 0;
        foreach (var line in new string(head, 0, read).Split('\n'))
        {
            if (!line.Contains(LogContract.Names.LogRetention, StringComparison.Ordinal))
                continue;
            foreach (Match m in ownName.Matches(line))
                newest = Math.Max(newest, long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
        }
        return newest;
    }

    [GeneratedRegex(@"^(?<stem>.+)-(?<n>\d{6,})(?<ext>\.[^.]*)?$")]
    private static partial Regex RolledName();
}
