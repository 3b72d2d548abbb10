namespace Lab.Gateway.Tests.Docs;

/// <summary>One option as a CLI's <c>--help</c> lists it: its names (aliases included) and the
/// <c>[default: X]</c> it shows, if any.</summary>
public sealed record HelpOption(IReadOnlyList<string> Names, string? Default)
{
    public string Name => Names.FirstOrDefault(n => n.StartsWith("--", StringComparison.Ordinal)) ?? Names[0];
}
