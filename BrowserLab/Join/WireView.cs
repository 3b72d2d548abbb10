namespace Lab.BrowserLab.Join;

/// <summary>What the packet capture shows for one connection (<c>--capture</c>).</summary>
internal sealed record WireView
{
    public int SynCount { get; init; }
    public int? Mss { get; init; }
    public int? WindowScale { get; init; }
    public bool SackPermitted { get; init; }
    public bool Timestamps { get; init; }

    /// <summary>Who put the first FIN or RST on the wire: <c>gateway</c> or <c>client</c>.</summary>
    public string? FirstCloseBy { get; init; }

    /// <summary><c>fin</c> or <c>rst</c>.</summary>
    public string? FirstCloseKind { get; init; }

    /// <summary>What the gateway's own side first put on the wire (fin, rst, or none).</summary>
    public string? GatewayCloseKind { get; init; }

    public bool MatchesGateway { get; init; }

    /// <summary>A Wireshark/tshark display filter that selects this connection's segments in the capture
    /// (<c>tshark -r wire.pcapng -Y '…'</c>).</summary>
    public string DisplayFilter { get; init; } = "";
}
