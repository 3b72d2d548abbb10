using System.Diagnostics;

namespace Lab.Bench.Peers;

/// <summary>
/// bench/go/echo.go, the Go reference server (one goroutine per connection, bufio): built on demand with Debian's
/// Go 1.19 (golang-go) into this build's output folder (<c>bin/…/peers/goecho</c>), rebuilt when echo.go is
/// newer; standard library only, so nothing is downloaded.
/// </summary>
internal sealed class GoEcho(BenchPaths paths)
{
    public string Source => Path.Combine(paths.Root, "bench", "go", "echo.go");
    public static string Binary { get; } = Path.Combine(AppContext.BaseDirectory, "peers", "goecho");

    // Go's build cache and GOPATH live beside the binary: HOME may be unset or read-only where the bench runs.
    private static string GoHome { get; } = Path.Combine(AppContext.BaseDirectory, "peers", "go");

    /// <summary>The binary, compiled first when it is missing or older than echo.go.</summary>
    public async Task<string> EnsureBuiltAsync(CancellationToken cancellationToken = default) =>
        await OnDemandBuild.EnsureAsync(Source, Binary, async (temp, ct) =>
        {
            var go = OnDemandBuild.Require("go", "golang-go", "builds bench/go/echo.go");
            var build = new ProcessStartInfo(go) { ArgumentList = { "build", "-o", temp, Source }, WorkingDirectory = Path.GetDirectoryName(Source) };
            build.Environment["GOCACHE"] = Path.Combine(GoHome, "cache");
            build.Environment["GOPATH"] = Path.Combine(GoHome, "path");
            // Offline and as installed: no toolchain switch, no module proxy, no VCS stamp (the worktree may not be
            // a git checkout), and no user settings from `go env -w`.
            build.Environment["GOTOOLCHAIN"] = "local";
            build.Environment["GOPROXY"] = "off";
            build.Environment["GOFLAGS"] = "-buildvcs=false";
            build.Environment["GOENV"] = "off";
            await OnDemandBuild.CompileAsync(build, Source, ct);
        }, cancellationToken);

    /// <summary>The server on an ephemeral port of 127.0.0.1 (built first); its first line is <c>listening PORT</c>.</summary>
    public async Task<ProcessStartInfo> StartInfoAsync(CancellationToken cancellationToken = default) =>
        new(await EnsureBuiltAsync(cancellationToken)) { ArgumentList = { "0" }, RedirectStandardOutput = true, RedirectStandardError = true };
}
