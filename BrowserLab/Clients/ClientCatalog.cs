using System.Text.RegularExpressions;

namespace Lab.BrowserLab.Clients;

/// <summary>Every client the <c>clients</c> verb knows, by its name in clients.json, each run with the
/// options a user types by default.</summary>
internal static partial class ClientCatalog
{
    public static readonly string[] Names = ["chromium", "chromium-typed", "firefox", "curl", "wget", "httpc", "httpclient", "urllib"];

    /// <summary>Known but not built yet: named in a clear line, never silently dropped.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotYet = new Dictionary<string, string>
    {
    };

    public static ClientUnderTest? Create(string name) => name switch
    {
        "chromium" => new ChromiumClient(),
        "firefox" => new FirefoxClient(),
        "chromium-typed" => new ChromiumTypedClient(),
        "httpclient" => new DotNetHttpClient(),
        "curl" => new CommandLineClient("curl", "/usr/bin/curl", "curl", (url, _) => ["-sS", "-o", "/dev/null", "-w", "%{http_code}", url],
            (code, stdout, stderr) => new ClientAttempt(code == 0 ? $"HTTP {stdout.Trim()}" : LastLine(stderr) ?? $"exit {code}", null, null, false)),
        "wget" => new CommandLineClient("wget", "/usr/bin/wget", "wget", (url, _) => ["-O", "/dev/null", url], ReadWget,
            "wget --tries (default 20, with back-off)",
            () => (new CommandLineClient("wget", "/usr/bin/wget", "wget", (url, _) => ["--tries=2", "-O", "/dev/null", url], ReadWget), "wget --tries=2")),
        "urllib" => new CommandLineClient("urllib", "/usr/bin/python3", "python3", (url, _) => ["-c", UrllibScript, url],
            (code, stdout, stderr) => new ClientAttempt(LastLine(stdout) ?? LastLine(stderr) ?? $"exit {code}", null, null, false)),
        "httpc" => new CommandLineClient("httpc", "/usr/bin/escript", "erlang-nox", (url, dir) => [WriteHttpcScript(dir), url],
            (code, stdout, stderr) => new ClientAttempt(LastLine(stdout) ?? LastLine(stderr) ?? $"exit {code}", null, null, false)),
        _ => null,
    };

    // "Connecting to 127.0.0.1:PORT... connected." once per connection it opened; "Retrying." once per retry.
    private static ClientAttempt ReadWget(int code, string stdout, string stderr)
    {
        var own = ConnectedLine().Matches(stderr).Count;
        var retries = stderr.Split('\n').Count(l => l.Trim() == "Retrying.");
        var error = stderr.Split('\n').Select(l => l.Trim())
            .LastOrDefault(l => l.Contains("ERROR ", StringComparison.Ordinal) || l.Contains("No data received", StringComparison.Ordinal)
                                || l.Contains("Giving up", StringComparison.Ordinal) || l.Contains("Read error", StringComparison.Ordinal));
        error = error is null ? null : WgetTimestamp().Replace(error, ""); // "YYYY-MM-DD hh:mm:ss ERROR 400: …": the same error every trial
        return new ClientAttempt((code is > 0 ? $"exit {code}: " : "") + (error ?? (code == 0 ? "HTTP 200" : "no message")), own, retries, false);
    }

    private const string UrllibScript = """
        import sys, urllib.request
        try:
            r = urllib.request.urlopen(sys.argv[1], timeout=300)
            print("HTTP", r.status)
        except Exception as e:
            print(type(e).__name__ + ": " + str(e))
            sys.exit(1)
        """;

    private static string WriteHttpcScript(string dir)
    {
        var path = Path.Combine(dir, "httpc_get.escript");
        File.WriteAllText(path, """
            #!/usr/bin/env escript
            main([Url]) ->
                inets:start(),
                case httpc:request(get, {Url, []}, [{timeout, infinity}], []) of
                    {ok, {{_, Status, _}, _, _}} -> io:format("HTTP ~p~n", [Status]);
                    Other -> io:format("~p~n", [Other])
                end.
            """);
        return path;
    }

    private static string? LastLine(string text) => text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")]
    private static partial Regex WgetTimestamp();

    [GeneratedRegex(@"Connecting to [^\n]*\.\.\. connected\.")]
    private static partial Regex ConnectedLine();
}
