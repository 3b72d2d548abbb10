using System.Diagnostics;

namespace Lab.Bench.Peers;

/// <summary>
/// bench/netty/NettyEcho.java, the Netty 4.1 reference server (NIO event loops, LengthFieldBasedFrameDecoder):
/// compiled on demand with Debian's javac (default-jdk-headless) against Debian's libnetty-java into this build's
/// output folder (<c>bin/…/peers/netty-classes</c>), recompiled when NettyEcho.java is newer; run by that JDK's java.
/// </summary>
internal sealed class NettyEcho(BenchPaths paths)
{
    // Netty's own jars for a TCP server with a frame decoder, as Debian installs them (unversioned names: an
    // upgrade of the package keeps them). netty-all.jar is only a manifest naming every module.
    private static readonly string[] Modules = ["netty-common", "netty-buffer", "netty-resolver", "netty-transport", "netty-codec"];

    public string Source => Path.Combine(paths.Root, "bench", "netty", "NettyEcho.java");
    public static string Classes { get; } = Path.Combine(AppContext.BaseDirectory, "peers", "netty-classes");
    public static IReadOnlyList<string> Jars { get; } = [.. Modules.Select(m => Path.Combine("/usr/share/java", $"{m}.jar"))];

    /// <summary>The classes folder, compiled first when it is missing or older than NettyEcho.java.</summary>
    public async Task<string> EnsureBuiltAsync(CancellationToken cancellationToken = default) =>
        await OnDemandBuild.EnsureAsync(Source, Classes, async (temp, ct) =>
        {
            var javac = OnDemandBuild.Require("javac", "default-jdk-headless", "builds bench/netty/NettyEcho.java");
            await OnDemandBuild.CompileAsync(new ProcessStartInfo(javac)
            {
                ArgumentList = { "-Xlint:all", "-Werror", "-cp", ClassPath(), "-d", temp, Source },
            }, Source, ct);
        }, cancellationToken);

    /// <summary>The server on an ephemeral port of 127.0.0.1 (compiled first); its first line is <c>listening PORT</c>.</summary>
    public async Task<ProcessStartInfo> StartInfoAsync(CancellationToken cancellationToken = default)
    {
        var classes = await EnsureBuiltAsync(cancellationToken);
        var java = OnDemandBuild.Require("java", "default-jdk-headless", "runs bench/netty/NettyEcho.java");
        // No JVM options: a small server ships with the JVM's own ergonomics (G1 where there are 2 cores and 2 GB
        // or more, a heap of up to a quarter of the RAM), and tuning the JVM alone among the peers would tilt the comparison.
        return new ProcessStartInfo(java)
        {
            ArgumentList = { "-cp", $"{classes}:{ClassPath()}", "NettyEcho", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
    }

    private static string ClassPath() =>
        Jars.FirstOrDefault(jar => !File.Exists(jar)) is { } missing
            ? throw new InvalidOperationException($"{missing} is missing: run ./lab setup, which installs Debian's libnetty-java")
            : string.Join(':', Jars);
}
