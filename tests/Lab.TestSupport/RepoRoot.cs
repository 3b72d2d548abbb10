namespace Lab.TestSupport;

/// <summary>
/// The repository root (the folder holding Lab.sln, found upward from the test's output folder) and the
/// configuration the tests were built in: to read tracked files (docs/) and run other projects' builds.
/// </summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Folder => Root.Value;

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>A path under the root, from its parts (e.g. "docs", "gateway.md").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Folder, .. parts]);

    /// <summary>Where a project of the solution puts its build in this configuration, e.g. ("BrowserLab", "BrowserLab").</summary>
    public static string BuiltDll(string projectFolder, string assembly) =>
        System.IO.Path.Combine(Folder, projectFolder, "bin", Configuration, "net10.0", assembly + ".dll");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Lab.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Lab.sln above {AppContext.BaseDirectory}");
    }
}
