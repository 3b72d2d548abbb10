using System.Diagnostics;

namespace Lab.Probes.Kernel;

/// <summary>Loads an nftables ruleset (Debian's nftables) into the current network namespace; the
/// probes call it only inside namespaces of their own.</summary>
internal static class Nftables
{
    public static void Apply(string ruleset, string neededFor)
    {
        if (PrivateNetworkNamespace.IsHostNamespace())
            throw new InvalidOperationException("refusing to load nftables rules: not in a private network namespace");
        if (!File.Exists("/usr/sbin/nft"))
            throw new InvalidOperationException($"{neededFor} needs nftables (Debian package nftables; ./lab setup installs it)");
        var info = new ProcessStartInfo("/usr/sbin/nft", "-f -") { RedirectStandardInput = true, RedirectStandardError = true };
        using var nft = Process.Start(info)!;
        nft.StandardInput.Write(ruleset);
        nft.StandardInput.Close();
        nft.WaitForExit();
        if (nft.ExitCode != 0)
            throw new InvalidOperationException($"nft failed: {nft.StandardError.ReadToEnd()}");
    }
}
