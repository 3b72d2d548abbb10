using Lab.Common.Cli;

namespace Lab.Bench;

/// <summary>Where the servers are: the repository root (the folder holding Lab.sln) and the build
/// configuration the bench itself was built in.</summary>
internal sealed record BenchPaths(string Root, string Configuration)
{
    public string GatewayDll => Path.Combine(Root, "Gateway", "bin", Configuration, "net10.0", "Gateway.dll");
    public string KestrelDll => Path.Combine(Root, "bench", "KestrelEcho", "bin", Configuration, "net10.0", "KestrelEcho.dll");
    public string OtpScript => Path.Combine(Root, "bench", "otp", "gateway.escript");
    public string Results => Path.Combine(Root, "bench", "results");

    public static BenchPaths Discover()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lab.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new UsageException("run the bench from inside the repository (no Lab.sln above it)");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return new BenchPaths(dir.FullName, configuration);
    }

    /// <summary>The paths, once the servers the bench starts are built: a missing one is exit 2.</summary>
    public static BenchPaths RequireBuilt()
    {
        var paths = Discover();
        foreach (var needed in new[] { paths.GatewayDll, paths.KestrelDll, paths.OtpScript })
        {
            if (!File.Exists(needed))
                throw new UsageException($"{needed} is missing; build the solution in {paths.Configuration} first (./lab bench does)");
        }
        return paths;
    }
}
