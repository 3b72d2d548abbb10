using System.Text.Json;

namespace Lab.Probes.Output;

/// <summary>The one JSON object a probe prints with --json: camelCase, indented.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));

    /// <summary>One compact object per line (JSON lines), for repeated samples.</summary>
    public static void WriteLine(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Compact));

    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web);
}
