namespace Lab.BrowserLab.Clients;

/// <summary>One kind of HTTP client loading <c>http://GATEWAY/anything</c> once, as a user would.</summary>
internal abstract class ClientUnderTest
{
    /// <summary>The name in clients.json: chromium, firefox, curl, wget, httpc, httpclient, urllib, chromium-typed.</summary>
    public abstract string Name { get; }

    /// <summary>The setting that bounds its attempts, where one is known (shared/FACTS.md), else null.</summary>
    public virtual string? AttemptBound => null;

    /// <summary>For <c>--vary</c>: the same client with the setting that bounds its attempts changed, and
    /// that change in words; null for a client whose bound is not a setting one can change.</summary>
    public virtual (ClientUnderTest Client, string Setting)? Varied() => null;

    /// <summary>Why it cannot run here (a missing package), or null.</summary>
    public abstract string? Missing();

    /// <summary>Loads the URL once and lets the client retry or reload as it will for <paramref name="settle"/>,
    /// then stops it. <paramref name="workDir"/> holds its own logs.</summary>
    public abstract Task<ClientAttempt> RunAsync(string url, TimeSpan settle, string workDir, CancellationToken cancellationToken);
}
