using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lab.BrowserLab.Clients;

/// <summary>
/// Debian's firefox-esr, headless, a fresh profile, <c>--no-remote</c>, the URL as its argument (its
/// <c>--screenshot</c> mode hung here), stopped after the settle time, counted from its first connection
/// to the gateway (a cold start on a busy machine can take longer than a short settle). Its own account comes from its HTTP
/// log (<c>MOZ_LOG=timestamp,sync,nsHttp:5,nsSocketTransport:5</c>; one file per process, all read):
/// <c>nsSocketTransport::InitiateSocket</c> of a transport whose <c>Init</c> named the gateway
/// (<c>clientOwnCount</c>) and "restarting transaction" lines (<c>clientOwnRetries</c>).
/// </summary>
internal sealed partial class FirefoxClient(int? maxAttempts = null) : ClientUnderTest
{
    private const string Executable = "/usr/bin/firefox-esr";

    /// <summary>How long a starting Firefox may take to open its first connection before the settle time runs anyway.</summary>
    public static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(60);

    public override string Name => "firefox";
    public override string? AttemptBound => "Firefox network.http.request.max-attempts (default 10, greprefs.js in omni.ja)";

    public override (ClientUnderTest Client, string Setting)? Varied() =>
        (new FirefoxClient(3), "user.js: network.http.request.max-attempts = 3");

    public override string? Missing() => File.Exists(Executable) ? null : $"{Executable} not found: install Debian's 'firefox-esr' (./lab setup does)";

    public override async Task<ClientAttempt> RunAsync(string url, TimeSpan settle, string workDir, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateDirectory(Path.Combine(workDir, "profile")).FullName;
        if (maxAttempts is { } attempts)
            await File.WriteAllTextAsync(Path.Combine(profile, "user.js"), $"user_pref(\"network.http.request.max-attempts\", {attempts});\n", cancellationToken);
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-remote", "--profile", profile, url })
            info.ArgumentList.Add(a);
        info.Environment["MOZ_LOG"] = "timestamp,sync,nsHttp:5,nsSocketTransport:5";
        info.Environment["MOZ_LOG_FILE"] = Path.Combine(workDir, "firefox");
        using (var process = Process.Start(info)!)
        {
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            await WaitForFirstConnectionAsync(workDir, new Uri(url).Authority, cancellationToken);
            await Task.Delay(settle, cancellationToken); // a browser never exits by itself: it shows its error page
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        var stopped = DateTime.UtcNow;
        return Read(Directory.GetFiles(workDir, "firefox*moz_log"), new Uri(url).Authority, stopped, settle);
    }

    /// <summary>Until its own log (written synchronously) shows a connection to the gateway, or the startup deadline.</summary>
    private static async Task WaitForFirstConnectionAsync(string workDir, string gateway, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartupDeadline;
        while (DateTime.UtcNow < deadline && Count(Directory.GetFiles(workDir, "firefox*moz_log"), gateway) == 0)
            await Task.Delay(200, cancellationToken);
    }

    /// <summary>Connections to the gateway its logs show so far.</summary>
    private static int Count(IEnumerable<string> files, string gateway) => Lines(files, gateway).Count(l => l.ConnectsToGateway);

    /// <summary>Every line of every process's log (read while Firefox may still write), each marked when it is
    /// <c>nsSocketTransport::InitiateSocket</c> of a transport whose <c>Init</c> named the gateway.</summary>
    private static IEnumerable<(string Text, bool ConnectsToGateway)> Lines(IEnumerable<string> files, string gateway)
    {
        foreach (var file in files)
        {
            var hosts = new Dictionary<string, string>();
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            while (reader.ReadLine() is { } line)
            {
                if (SocketInit().Match(line) is { Success: true } init)
                    hosts[init.Groups[1].Value] = init.Groups[2].Value;
                yield return (line, Initiate().Match(line) is { Success: true } initiate && hosts.GetValueOrDefault(initiate.Groups[1].Value) == gateway);
            }
        }
    }

    /// <summary>Reads every process's log. Cut off: its last connection to the gateway began in the last
    /// quarter of the settle time, so it may still have been trying, or it made none.</summary>
    private static ClientAttempt Read(IEnumerable<string> files, string gateway, DateTime stopped, TimeSpan settle)
    {
        var own = 0;
        var retries = 0;
        DateTime? lastConnect = null;
        int? httpStatus = null;
        string? failure = null;
        foreach (var (line, connects) in Lines(files, gateway))
        {
            if (connects)
            {
                own++;
                lastConnect = DateTime.TryParse(line[..26], out var at) ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : lastConnect;
            }
            else if (line.Contains("restarting transaction @", StringComparison.Ordinal))
                retries++;
            else if (ResponseLine().Match(line) is { Success: true } response)
                httpStatus = int.Parse(response.Groups[1].Value);
            else if (ChildStop().Match(line) is { Success: true } stop && stop.Groups[1].Value is not ("0" or "804b001e")) // 0x804B001E: the Google hosts' failed lookups
                failure = stop.Groups[1].Value;
        }
        var error = httpStatus is { } status ? $"HTTP {status}" : failure is { } code ? $"0x{code} ({NsErrorName(code)})" : "no error logged";
        // Stopped before its first connection (a cold start on a busy machine) counts as cut off too.
        var cutOff = lastConnect is not { } last || stopped - last < settle / 4;
        return new ClientAttempt(error, own, retries, cutOff);
    }

    private static string NsErrorName(string hex) => hex switch
    {
        "804b0014" => "NS_ERROR_NET_RESET",
        "804b000d" => "NS_ERROR_CONNECTION_REFUSED",
        "804b000e" => "NS_ERROR_NET_TIMEOUT",
        _ => "nsresult",
    };

    [GeneratedRegex(@"nsSocketTransport::Init \[this=([0-9a-f]+) host=([^ \]]+)")]
    private static partial Regex SocketInit();

    [GeneratedRegex(@"nsSocketTransport::InitiateSocket \[this=([0-9a-f]+)\]")]
    private static partial Regex Initiate();

    [GeneratedRegex(@"^\S+ \S+ UTC - \[Parent[^\]]*\]: \S+ +HTTP/1\.[01] (\d{3})")]
    private static partial Regex ResponseLine();

    [GeneratedRegex(@"HttpChannelChild::OnStopRequest \[this=[0-9a-f]+ status=([0-9a-f]+)\]")]
    private static partial Regex ChildStop();
}
