using Lab.Common.Cli;
using Lab.Gateway.Connections;

namespace Lab.BrowserLab.Cli;

/// <summary>The <c>--policies</c> value of <c>matrix</c> and <c>clients</c>: a comma-separated list, each
/// named in the error as <c>--policies</c> (not the gateway's <c>--policy</c>).</summary>
internal static class PolicyList
{
    public static List<RejectPolicy> Parse(string text)
    {
        var policies = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => RejectPolicyNames.Parse(p, "--policies"))
            .Distinct().ToList();
        return policies.Count > 0 ? policies : throw new UsageException("--policies: name at least one of fin, rst, http400, hold");
    }
}
