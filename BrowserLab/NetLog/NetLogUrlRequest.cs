namespace Lab.BrowserLab.NetLog;

/// <summary>A URL_REQUEST: its URL and kind, each attempt on a socket, and the restarts between them.</summary>
internal sealed record NetLogUrlRequest
{
    public required long SourceId { get; init; }
    public required string Url { get; init; }
    public string? RequestType { get; init; }
    public required long StartTime { get; init; }

    /// <summary>The request asked to revalidate the cache (LOAD_VALIDATE_CACHE): a reload.</summary>
    public bool IsReload { get; init; }
    public List<NetLogAttempt> Attempts { get; } = [];
    public List<int> RestartErrors { get; } = [];
    public int? FinalError { get; set; }

    /// <summary>Its REQUEST_ALIVE ended in the file: false for a request the browser was still loading when
    /// its NetLog was closed.</summary>
    public bool Ended { get; set; }

    /// <summary>It was CANCELLED: how a request still waiting for its response ends when the browser shuts
    /// down (its REQUEST_ALIVE then ends without a net error).</summary>
    public bool Cancelled { get; set; }
    public bool IsMainFrame => RequestType == "main frame";
}
