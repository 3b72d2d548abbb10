using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lab.Probes.Ports;

/// <summary>Real OTP (Debian's erl/escript) in the same namespace: the error atom of each connect form,
/// and of <c>erl -sname</c>, whose distribution listener and epmd registration need a port too.</summary>
internal static partial class ErlangForms
{
    public static async Task<(Dictionary<string, string> Atoms, int? IdsConsumed, string? Note)> RunAsync(int port)
    {
        var atoms = new Dictionary<string, string>();
        if (!File.Exists("/usr/bin/escript"))
            return (atoms, null, "Erlang/OTP is not installed (Debian erlang-nox; ./lab setup installs it)");
        var script = Path.Combine(AppContext.BaseDirectory, "Erlang", "ports_forms.erl");
        var output = await RunAsync("/usr/bin/escript", [script, port.ToString()], TimeSpan.FromSeconds(30));
        int? consumed = null;
        foreach (var line in output.Split('\n'))
        {
            var f = line.Trim().Split(' ');
            if (f is ["form", var form, var atom])
                atoms[form] = atom;
            else if (f is ["ports", var before, var after] && int.TryParse(before, out var b) && int.TryParse(after, out var a))
                consumed = a - b - 1;
        }
        var sname = await RunAsync("/usr/bin/erl", ["-sname", "labprobe", "-noshell", "-eval", "halt()."], TimeSpan.FromSeconds(30));
        atoms["sname"] = ErrorAtom().Match(sname) is { Success: true } m ? m.Value : sname.Length == 0 ? "ok" : "error";
        using (var kill = Process.Start(new ProcessStartInfo("/usr/bin/epmd", "-kill") { RedirectStandardOutput = true, RedirectStandardError = true }))
            kill?.WaitForExit(5000); // erl -sname started epmd in this namespace; it must not outlive the probe
        return (atoms, consumed, null);
    }

    private static async Task<string> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); }
        return (await stdout) + (await stderr);
    }

    [GeneratedRegex(@"\be(addrinuse|addrnotavail|connrefused|acces|nobufs|mfile)\b")]
    private static partial Regex ErrorAtom();
}
