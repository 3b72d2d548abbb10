namespace Lab.BrowserLab.Wire;

/// <summary>One TCP segment's header fields as tshark printed them.</summary>
internal sealed record WireSegment(int SourcePort, int DestinationPort, bool Syn, bool Ack, bool Fin, bool Rst,
    int? Mss, int? WindowScale, bool SackPermitted, bool Timestamps);
