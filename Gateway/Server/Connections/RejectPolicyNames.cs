using Lab.Common.Cli;

namespace Lab.Gateway.Connections;

/// <summary>
/// A <see cref="RejectPolicy"/>'s name (fin, rst, http400, hold): what <c>--policy</c> and
/// <c>--policies</c> take and what head_error lines print. It sits beside the type, so the gateway's
/// CLI and BrowserLab's parse and print policies one way without one importing the other's commands.
/// </summary>
internal static class RejectPolicyNames
{
    /// <summary>Every name, in the order help lists them.</summary>
    public static readonly string[] All = ["fin", "rst", "http400", "hold"];

    public static string Of(RejectPolicy policy) => policy.ToString().ToLowerInvariant();

    /// <summary>One policy by name; a wrong name is the user's mistake, reported against <paramref name="option"/>.</summary>
    public static RejectPolicy Parse(string text, string option = "--policy") => text switch
    {
        "fin" => RejectPolicy.Fin,
        "rst" => RejectPolicy.Rst,
        "http400" => RejectPolicy.Http400,
        "hold" => RejectPolicy.Hold,
        _ => throw new UsageException($"{option}: '{text}' is not a policy; use fin, rst, http400 or hold"),
    };
}
