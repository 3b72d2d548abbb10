namespace Lab.BrowserLab.Report;

/// <summary>An error-page reload after the network went down: its kind (auto-reload, or network-change when a
/// change restarted its timer), when its request came, and how long after the NetLog's last change before it
/// and after the link came back up (null while the link was still down).</summary>
internal sealed record ReloadAfterOutage(string Kind, long? PortId, double AtMs, double? AfterLastChangeMs, double? AfterUpMs);
