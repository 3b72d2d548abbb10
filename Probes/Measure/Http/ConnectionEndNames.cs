using Lab.Logs;
namespace Lab.Probes.Http;

/// <summary>The one place that names a <see cref="ConnectionEnd"/> for connections.csv.</summary>
internal static class ConnectionEndNames
{
    public static string ToLogName(this ConnectionEnd end) => end switch
    {
        ConnectionEnd.ServerClosedFirst => "server_closed_first",
        ConnectionEnd.ClientClosedFirst => "client_closed_first",
        ConnectionEnd.IoError => "io_error",
        _ => "open",
    };
}
