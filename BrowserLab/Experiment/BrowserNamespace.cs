using System.Diagnostics;
using Lab.Common.Cli;
using Lab.Common.Kernel;
using Lab.Common.Processes;

namespace Lab.BrowserLab.Experiment;

/// <summary>
/// Where a <c>--network-down-after</c> run happens: a network namespace the lab creates, holding loopback
/// (the gateway and the browser talk there, as in every run) and a veth pair whose link the run takes down
/// and up. Chromium's NetworkChangeNotifier counts the veth as the machine's network: with loopback alone it
/// reports CONNECTION_NONE and its error page never reloads. The whole <c>BrowserLab run</c> is started again
/// inside (its stdout and stderr are this process's), so the in-process gateway, Playwright's pipe to Chromium
/// and the NetLog work as in any run; the host's interfaces are never touched.
/// </summary>
internal static class BrowserNamespace
{
    /// <summary>Set in the run started inside: the link it takes down and up.</summary>
    public const string LinkVariable = "LAB_BROWSER_NETNS_LINK";

    public const string Link = "labnet0";
    private const string Peer = "labnet1";

    /// <summary>The link to toggle when this process runs inside the lab's namespace; null otherwise.</summary>
    public static string? InsideLink => Environment.GetEnvironmentVariable(LinkVariable);

    /// <summary>Creates the namespace, starts this same command inside it and returns its exit code.</summary>
    public static async Task<int> RunThisInsideAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        using var space = NetworkNamespace.Create(lifetime, "--network-down-after");
        space.Run("ip", "link", "add", Link, "type", "veth", "peer", "name", Peer);
        // No IPv6 link-local addresses: their arrival a second or two after the link comes up would be a network
        // change of its own (NETWORK_CHANGED), restarting the reload timer a second time.
        space.Run("ip", "link", "set", Link, "addrgenmode", "none");
        space.Run("ip", "link", "set", Peer, "addrgenmode", "none");
        space.Run("ip", "addr", "add", "169.254.81.1/30", "dev", Link);
        space.Run("ip", "link", "set", Peer, "up");
        space.Run("ip", "link", "set", Link, "up");
        var info = new ProcessStartInfo("/usr/bin/nsenter") { UseShellExecute = false };
        foreach (var arg in (string[])[$"--net={space.Handle}", "--", Environment.ProcessPath!, .. Environment.GetCommandLineArgs()])
            info.ArgumentList.Add(arg);
        info.Environment[LinkVariable] = Link;
        using var inside = Process.Start(info) ?? throw new InvalidOperationException("could not start the run inside the lab's namespace");
        try
        {
            await inside.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            inside.Kill(entireProcessTree: true);
            throw;
        }
        return inside.ExitCode;
    }

    /// <summary>Inside the namespace: the link down or up (ip acts on this process's own namespace).</summary>
    public static void SetLink(string link, bool up)
    {
        try
        {
            SystemCommand.Run("ip", "link", "set", link, up ? "up" : "down");
        }
        catch (InvalidOperationException e)
        {
            throw new MeasurementException($"in the lab's namespace: {e.Message}");
        }
    }
}
