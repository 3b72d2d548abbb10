using Lab.Common.Cli;

namespace Lab.Gateway.Connections;

/// <summary>
/// The reject policies' one table (issue 26 §4): their names (what <c>--policy</c> and <c>--policies</c> take and
/// what head_error lines print), help text and report sentences all come from it, so a new policy is a row here
/// plus its behaviour. It sits beside the type, so the gateway's CLI and BrowserLab parse and print policies one
/// way without one importing the other's commands.
/// </summary>
internal static class RejectPolicyNames
{
    public static IReadOnlyList<RejectPolicyEntry> Table { get; } =
    [
        new(RejectPolicy.Fin, "fin", "drain what arrived, close with FIN", "the gateway read the head and closed (FIN)"),
        new(RejectPolicy.Rst, "rst", "reset", "the gateway reset the connection (RST)"),
        new(RejectPolicy.Http400, "http400", "answer 400, close", "the gateway answered 400 and closed"),
        new(RejectPolicy.Hold, "hold", "read and discard until a timeout", "the gateway held the request until its idle timeout"),
    ];

    /// <summary>Every name, in the order help lists them.</summary>
    public static readonly string[] All = [.. Table.Select(e => e.Name)];

    /// <summary>"fin, rst, http400 or hold", for a message or help.</summary>
    public static string Listed { get; } = string.Join(", ", All[..^1]) + " or " + All[^1];

    /// <summary>"fin (drain what arrived, close with FIN), rst (reset), …", for --policy's help.</summary>
    public static string WithWhatEachDoes { get; } = string.Join(", ", Table.Select(e => $"{e.Name} ({e.Does})"));

    public static string Of(RejectPolicy policy) => EntryOf(policy).Name;

    public static RejectPolicyEntry EntryOf(RejectPolicy policy) =>
        Table.FirstOrDefault(e => e.Policy == policy) ?? throw new ArgumentOutOfRangeException(nameof(policy), policy, "not in the policy table");

    /// <summary>The entry a name stands for; null for a word that is no policy (a log from a newer gateway, say).</summary>
    public static RejectPolicyEntry? Find(string name) => Table.FirstOrDefault(e => e.Name == name);

    /// <summary>One policy by name; a wrong name is the user's mistake, reported against <paramref name="option"/>.</summary>
    public static RejectPolicy Parse(string text, string option = "--policy") =>
        Find(text)?.Policy ?? throw new UsageException($"{option}: '{text}' is not a policy; use {Listed}");
}
