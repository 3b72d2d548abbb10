using System.Text.Json;

namespace Lab.Common.Cli;

/// <summary>What <c>--json</c> prints: camelCase, one indented object (or one compact object per line for
/// repeated samples), so every CLI's JSON reads the same.</summary>
internal static class JsonOutput
{
    /// <summary>The settings of <see cref="Write"/>, for a file that must hold byte for byte what --json prints.</summary>
    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web);

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>One compact object per line (JSON lines), for repeated samples.</summary>
    public static void WriteLine(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Compact));
}
