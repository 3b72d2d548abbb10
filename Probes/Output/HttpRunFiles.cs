using System.Globalization;
using System.Text.Json;
using Lab.Common.Cli;
using Lab.Probes.Http;
using Lab.Logs;

namespace Lab.Probes.Output;

/// <summary>
/// <c>probe http --out DIR</c>: <c>connections.csv</c> (one row per connection, written when it closes),
/// <c>requests.csv</c> (one row per request, written when it finishes) and <c>summary.json</c> (the object
/// <c>--json</c> prints). Rows go to disk as the run goes, so the probe keeps none; the row count is bounded
/// by <see cref="MaxRequests"/> per mode (about 50 MB of requests.csv).
/// </summary>
internal sealed class HttpRunFiles : IHttpRecords, IDisposable
{
    public const int MaxRequests = 1_000_000;

    // summary.json is byte for byte what --json prints.
    private static readonly JsonSerializerOptions Json = JsonOutput.Indented;

    private readonly string _directory;
    private readonly StreamWriter _connections;
    private readonly StreamWriter _requests;

    private HttpRunFiles(string directory)
    {
        _directory = directory;
        _connections = Open("connections.csv", "mode,localPort,openedAt,connectUs,requests,bytesSent,bytesReceived,end");
        _requests = Open("requests.csv", "mode,index,localPort,connectUs,firstByteUs,totalUs,status");
    }

    /// <summary>Creates DIR if needed; a path that cannot hold the files is the user's mistake (exit 2).</summary>
    public static string Prepare(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new UsageException("--out: give a folder for connections.csv, requests.csv and summary.json");
        return OutputFolder.Create(directory, "--out");
    }

    public static HttpRunFiles Create(string directory)
    {
        try
        {
            return new HttpRunFiles(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot write in '{directory}' ({e.Message})");
        }
    }

    public void Request(HttpMode mode, RequestTiming request)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{HttpProbe.Name(mode)},{request.Index},{request.Connection?.LocalPort},{request.ConnectUs},{request.FirstByteUs},{request.TotalUs},{request.Status}");
        lock (_requests)
            _requests.WriteLine(line);
    }

    public void Connection(HttpMode mode, ConnectionTrack connection)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{HttpProbe.Name(mode)},{connection.LocalPort},{connection.OpenedAt.UtcDateTime:O},{connection.ConnectUs},{connection.Requests},{connection.BytesSent},{connection.BytesReceived},{connection.End.ToLogName()}");
        lock (_connections)
            _connections.WriteLine(line);
    }

    public void WriteSummary(object summary) =>
        File.WriteAllText(Path.Combine(_directory, "summary.json"), JsonSerializer.Serialize(summary, Json) + Environment.NewLine);

    public void Dispose()
    {
        lock (_connections)
            _connections.Dispose();
        lock (_requests)
            _requests.Dispose();
    }

    private StreamWriter Open(string name, string header)
    {
        var writer = new StreamWriter(Path.Combine(_directory, name), append: false) { AutoFlush = false };
        writer.WriteLine(header);
        return writer;
    }
}
