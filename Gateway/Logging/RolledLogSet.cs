using System.Globalization;
using System.Text.RegularExpressions;

namespace Lab.Gateway.Logging;

/// <summary>
/// A log and the files it rolled into: <c>gateway.clef</c> is always the one being written; when it
/// reaches <c>--log-max-size</c> it becomes <c>gateway-000001.clef</c>, then <c>gateway-000002.clef</c>,
/// and so on (numbers only grow, nothing is renamed twice). Read in order: the numbered files by
/// number, then the active one.
/// </summary>
internal static partial class RolledLogSet
{
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

    /// <summary>Rolled files missing before the oldest one kept: retention deleted them (0 when the set starts at 1).</summary>
    public static long DeletedBefore(string activePath) =>
        Rolled(activePath) is { Count: > 0 } rolled ? rolled[0].Number - 1 : 0;

    [GeneratedRegex(@"^(?<stem>.+)-(?<n>\d{6,})(?<ext>\.[^.]*)?$")]
    private static partial Regex RolledName();
}
