using System.Diagnostics;
using System.Text;

namespace Lab.BrowserLab.Clients;

/// <summary>A client that is a program (curl, wget, python3's urllib, an OTP escript): started with the URL,
/// given the settle time to finish, killed if it is still trying (<c>cutOff</c>). Its stdout and stderr
/// are kept in the work folder as its own log.</summary>
internal sealed class CommandLineClient(
    string name, string executable, string package, Func<string, string, string[]> arguments,
    Func<int, string, string, ClientAttempt> read, string? attemptBound = null,
    Func<(ClientUnderTest, string)>? varied = null) : ClientUnderTest
{
    public override string Name => name;

    public override (ClientUnderTest Client, string Setting)? Varied() => varied?.Invoke();
    public override string? AttemptBound => attemptBound;

    public override string? Missing() => File.Exists(executable) ? null : $"{executable} not found: install Debian's '{package}' (./lab setup does)";

    public override async Task<ClientAttempt> RunAsync(string url, TimeSpan settle, string workDir, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        foreach (var a in arguments(url, workDir))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settle);
        var cutOff = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            cutOff = true;
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync(CancellationToken.None); // drains the redirected streams
        string Out() { lock (stdout) return stdout.ToString(); }
        string Err() { lock (stderr) return stderr.ToString(); }
        await File.WriteAllTextAsync(Path.Combine(workDir, $"{name}.log"), $"$ {executable} {string.Join(' ', info.ArgumentList)}\n{Out()}{Err()}", CancellationToken.None);
        var attempt = read(cutOff ? -1 : process.ExitCode, Out(), Err());
        return attempt with { CutOff = cutOff, Error = cutOff ? $"stopped after {settle.TotalSeconds:0.#} s, still trying ({attempt.Error})" : attempt.Error };
    }
}
