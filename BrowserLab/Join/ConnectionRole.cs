namespace Lab.BrowserLab.Join;

/// <summary>What a connection carried, from the browser's side.</summary>
internal static class ConnectionRole
{
    /// <summary>The first attempt of a navigation's request.</summary>
    public const string Original = "original";

    /// <summary>A resend after HTTP_TRANSACTION_RESTART_AFTER_ERROR (the error is named).</summary>
    public const string Retry = "retry";

    /// <summary>No byte ever sent: a preconnected socket never used (the seed's silent #Port).</summary>
    public const string Unused = "unused";

    /// <summary>Another request (favicon, background), with its URL.</summary>
    public const string Other = "other";

    /// <summary>No NetLog socket matches this gateway connection (or the reverse), or a socket sent bytes
    /// that no request in the NetLog was bound to: a defect to look at.</summary>
    public const string Unexplained = "unexplained";
}
