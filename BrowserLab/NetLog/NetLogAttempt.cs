namespace Lab.BrowserLab.NetLog;

/// <summary>One try of a URL request on one socket. A retry follows HTTP_TRANSACTION_RESTART_AFTER_ERROR
/// and names the error that caused it.</summary>
public sealed record NetLogAttempt(int Number, long StreamJobId, long? SocketId, long Time, int? RetryAfterError)
{
    public int? NetError { get; set; }
    public bool IsRetry => RetryAfterError is not null;
}
