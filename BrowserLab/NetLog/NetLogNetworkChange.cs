namespace Lab.BrowserLab.NetLog;

/// <summary>
/// A change of the browser's network as its NetworkChangeNotifier reported it (NETWORK_CONNECTIVITY_CHANGED or
/// NETWORK_CHANGED with <c>new_connection_type</c>): the connection type the error page's auto-reloader listens
/// to. Going to CONNECTION_NONE pauses its timer; any change to another type restarts the timer with the delay
/// its count is at (NetErrorAutoReloader::OnConnectionChanged), so a reload after such a change counts from it.
/// </summary>
internal sealed record NetLogNetworkChange(DateTimeOffset At, string Event, string ConnectionType)
{
    public const string None = "CONNECTION_NONE";

    public bool Online => ConnectionType != None;

    public static IReadOnlyList<NetLogNetworkChange> From(NetLogFile file) =>
        file.Events
            .Where(e => e.Type is "NETWORK_CONNECTIVITY_CHANGED" or "NETWORK_CHANGED" && e.Param("new_connection_type") is not null)
            .Select(e => new NetLogNetworkChange(file.WallClock(e.Time), e.Type, e.Param("new_connection_type")!))
            .ToList();
}
