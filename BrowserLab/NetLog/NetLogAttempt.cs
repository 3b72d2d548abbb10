namespace Lab.BrowserLab.NetLog;

/// <summary>One try of a URL request on one socket. A retry follows HTTP_TRANSACTION_RESTART_AFTER_ERROR
/// and names the error that caused it.</summary>
/// <param name="TookIdleSocket">The socket had connected before this attempt's stream job asked the pool
/// for one: it sat idle (Chromium's UNUSED_IDLE, typically a preconnect's) and was handed over, rather
/// than connected for this request. Chromium resends a request whose socket closes without a response
/// only in that case (HttpNetworkTransaction::ShouldResendRequest: the connection is "proven" when reused
/// or idle), at most kMaxRetryAttempts = 2 times.</param>
internal sealed record NetLogAttempt(int Number, long StreamJobId, long? SocketId, long Time, int? RetryAfterError, bool TookIdleSocket = false)
{
    public int? NetError { get; set; }
    public bool IsRetry => RetryAfterError is not null;
}
