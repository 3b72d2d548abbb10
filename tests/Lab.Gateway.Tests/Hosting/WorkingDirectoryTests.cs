using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Hosting;

/// <summary>
/// <c>gateway serve</c> reads no configuration file, so it watches no folder for one: started in a folder with
/// subfolders, it holds no inotify watch (as the kernel lists them in <c>/proc/PID/fdinfo</c>). The host's default
/// watched the working directory recursively, one watch per folder: 1,654 from the repository's root.
/// </summary>
public class WorkingDirectoryTests
{
    [Fact]
    public async Task ServeWatchesNoFolderOfWhereItWasStarted()
    {
        var root = TestGateway.ArtifactDirectory("cwd-with-folders");
        for (var i = 0; i < 20; i++)
            Directory.CreateDirectory(Path.Combine(root, "tree", $"d{i}", "below"));
        using var gateway = GatewayProcess.StartIn(Path.Combine(root, "tree"),
            "serve", "--frames-port", "0", "--http-port", "0", "--logs", Path.Combine(root, "logs"));
        await gateway.WaitForListeningAsync();

        Assert.Equal(0, InotifyWatches(gateway.Process.Id));
    }

    private static int InotifyWatches(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd")
            .Where(fd => TryLink(fd) == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify ", StringComparison.Ordinal)));

    private static string? TryLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed meanwhile
        }
    }
}
