namespace Lab.Gateway.Tests.Docs;

/// <summary>A markdown table of options and the command whose <c>--help</c> it mirrors, named by the
/// <c>&lt;!-- options: COMMAND --&gt;</c> line above it (e.g. "gateway serve", "probe limits plan").</summary>
public sealed record OptionTable(string File, int Line, string Command, IReadOnlyList<DocumentedOption> Rows)
{
    public string Where => $"{File}:{Line} ({Command})";
}
