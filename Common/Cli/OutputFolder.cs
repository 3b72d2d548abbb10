namespace Lab.Common.Cli;

/// <summary>A folder an option names for the run's files (<c>--logs</c>, <c>--out</c>), made before any work starts,
/// so that one that cannot be made is the option's mistake, one line naming it (exit 2).</summary>
internal static class OutputFolder
{
    public static string Create(string path, string optionName)
    {
        try
        {
            return Directory.CreateDirectory(path).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{optionName}: cannot create folder '{path}' ({e.Message})");
        }
    }
}
