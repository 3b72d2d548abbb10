namespace Lab.BrowserLab.Clients;

/// <summary>Chromium's own account of one attempt, from its NetLog (<see cref="ChromiumClient.OwnAccount"/>).</summary>
/// <param name="Own">Sockets it connected to the gateway.</param>
/// <param name="Retries">Its HTTP_TRANSACTION_RESTART_AFTER_ERROR events for requests to the gateway.</param>
/// <param name="FinalError">The first request's final net error, when it ended with one other than ERR_ABORTED.</param>
/// <param name="StillLoading">A request to the gateway was still loading when the browser was stopped.</param>
internal sealed record ChromiumAccount(int Own, int Retries, string? FinalError, bool StillLoading);
