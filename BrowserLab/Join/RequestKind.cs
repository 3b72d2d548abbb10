namespace Lab.BrowserLab.Join;

/// <summary>Why the browser sent a request to the gateway.</summary>
internal static class RequestKind
{
    /// <summary>The main-frame request of a navigation the experiment made.</summary>
    public const string Navigation = "navigation";

    /// <summary>Chromium reloading its own error page (a main-frame reload outside any navigation).</summary>
    public const string AutoReload = "auto-reload";

    /// <summary>The error page's reload whose timer a change of the network restarted (the NetLog reported the
    /// connection type changing after the load before it): it comes the current delay after that change.</summary>
    public const string NetworkChange = "network-change";

    /// <summary>Either kind of the error page's own reload.</summary>
    public static bool IsErrorPageReload(string? kind) => kind is AutoReload or NetworkChange;

    /// <summary>Another main-frame request the experiment did not make.</summary>
    public const string MainFrame = "main-frame";

    /// <summary>A subresource such as /favicon.ico.</summary>
    public const string Subresource = "subresource";
}
