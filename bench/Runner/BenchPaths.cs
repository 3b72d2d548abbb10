namespace Lab.Bench;

/// <summary>Where the servers are: the repository root (the folder holding Lab.sln) and the build
/// configuration the bench itself was built in.</summary>
public sealed record BenchPaths(string Root, string Configuration)
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
            throw new InvalidOperationException("run the bench from inside the repository (no Lab.sln above it)");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return new BenchPaths(dir.FullName, configuration);
    }
}
