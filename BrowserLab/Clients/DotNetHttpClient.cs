namespace Lab.BrowserLab.Clients;

/// <summary>.NET's HttpClient with its default handler (SocketsHttpHandler), in this process.</summary>
internal sealed class DotNetHttpClient : ClientUnderTest
{
    public override string Name => "httpclient";

    public override string? Missing() => null;

    public override async Task<ClientAttempt> RunAsync(string url, TimeSpan settle, string workDir, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(settle);
        try
        {
            using var response = await client.GetAsync(url, stop.Token);
            return new ClientAttempt($"HTTP {(int)response.StatusCode}", null, null, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ClientAttempt($"stopped after {settle.TotalSeconds:0.#} s, still waiting", null, null, true);
        }
        catch (HttpRequestException e)
        {
            // The exception type, then what the socket said: HttpRequestException (HttpIOException: ...).
            return new ClientAttempt($"{e.GetType().Name}" + (e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : $": {e.Message}"), null, null, false);
        }
    }
}
