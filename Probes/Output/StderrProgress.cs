namespace Lab.Probes.Output;

/// <summary>Progress for anything longer than a few seconds: timestamped lines on stderr, so stdout
/// stays clean for tables and JSON.</summary>
internal sealed class StderrProgress
{
    private readonly DateTime _started = DateTime.UtcNow;

    public void Report(string line) => Console.Error.WriteLine($"[{(DateTime.UtcNow - _started).TotalSeconds,5:0.0}s] {line}");
}
