namespace Lab.BrowserLab.Report;

/// <summary>A network change the NetLog recorded (its event and <c>new_connection_type</c>), ms since the first navigation.</summary>
internal sealed record NetworkChangeEvent(string Event, string ConnectionType, double AtMs);
