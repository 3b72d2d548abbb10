namespace Lab.Common.Processes;

/// <summary>How a child process ended: its exit code and everything it wrote. The bench's native load
/// generator returns it and the tests' CLI runs do, so one set of assertions reads both.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
