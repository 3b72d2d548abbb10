using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lab.Gateway.Tests.Support;

/// <summary>A real OTP peer: one of the escripts under Interop/erlang run by Debian's <c>escript</c>.</summary>
public sealed class ErlangPeer : IDisposable
{
    private readonly BlockingCollection<string> _lines = new();
    private readonly Process _process;

    private ErlangPeer(Process process) => _process = process;

    public static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Interop", "erlang", name);

    public static ErlangPeer Start(string script, params string[] args)
    {
        var info = new ProcessStartInfo("escript")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ScriptPath(script));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        var peer = new ErlangPeer(new Process { StartInfo = info });
        peer._process.OutputDataReceived += (_, e) => { if (e.Data is not null) peer._lines.Add(e.Data); };
        peer._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) peer._lines.Add("stderr: " + e.Data); };
        peer._process.Start();
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>The next line the peer prints that starts with <paramref name="prefix"/>.</summary>
    public string NextLine(string prefix, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (_lines.TryTake(out var line, deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line;
            if (line.StartsWith("stderr: ", StringComparison.Ordinal))
                throw new InvalidOperationException($"erlang peer failed: {line}");
        }
        throw new TimeoutException($"no '{prefix}' line from the erlang peer");
    }

    public int ListeningPort() => int.Parse(NextLine("port ").Split(' ')[1]);

    public async Task<(int ExitCode, string[] Lines)> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return (_process.ExitCode, _lines.ToArray());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
