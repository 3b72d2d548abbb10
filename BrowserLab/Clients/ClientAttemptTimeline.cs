using Lab.BrowserLab.Report.Explorer;
using Lab.Logs;
using Lab.Logs.Analysis;

namespace Lab.BrowserLab.Clients;

/// <summary>
/// One attempt's connections as clients.html's timeline draws them, from the gateway's own log (the same lines
/// clients.json counts): a lane per connection accepted during the attempt, on the gateway's clock in ms since the
/// attempt began — accepted, head_error, do_terminate — and its role by what it carried: <c>request</c> when a byte
/// arrived, <c>silent</c> when none did.
/// </summary>
internal static class ClientAttemptTimeline
{
    public const string Request = "request", Silent = "silent";

    public static ExplorerModel Build(IReadOnlyList<GatewayConnection> connections, DateTimeOffset attemptStarted, string client)
    {
        double Ms(DateTimeOffset at) => Math.Round((at - attemptStarted).TotalMilliseconds, 3);
        var lanes = connections.Select((c, i) => new ExplorerLane
        {
            Key = i,
            Port = LogContract.FormatPort(c.PortId),
            ClientPort = c.ClientPort,
            Role = c.BytesIn > 0 ? Request : Silent,
            Opener = client,
            Navigation = 1,
            GatewayInit = Ms(c.AcceptedAt),
            HeadError = c.HeadErrorAt is { } h ? Ms(h) : null,
            Close = c.EndedAt is { } e ? Ms(e) : null,
            BytesIn = c.BytesIn,
            BytesOut = c.BytesOut,
            Head = c.HeadAscii,
            CloseKind = c.CloseKind,
            ClosedBy = c.ClosedBy,
            Reason = c.Reason,
        }).ToList();
        var ordered = lanes.Where(l => l.Extent is not null).OrderBy(l => l.Extent!.Value.From).ToList();
        var attempt = new ExplorerSpan("nav-1", "the attempt", 0, 0, ordered.Count == 0 ? 0 : ordered.Max(l => l.Extent!.Value.To), ordered.Select(l => l.Key).ToList());
        var bursts = ExplorerModelBuilder.Bursts(1, ordered).ToList();
        var (from, to) = ExplorerModelBuilder.Extent(lanes, [attempt]);
        return new ExplorerModel(lanes, [attempt], bursts, from, to);
    }
}
