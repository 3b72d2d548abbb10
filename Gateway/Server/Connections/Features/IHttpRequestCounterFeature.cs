namespace Lab.Gateway.Connections.Features;

/// <summary>The one ability the HTTP endpoint needs: to number its requests on the connection
/// (<c>requests</c> in <c>do_terminate</c>). Kestrel hands connection features through to the request's.</summary>
internal interface IHttpRequestCounterFeature
{
    /// <summary>This request's number on its connection, from 1.</summary>
    int NextRequest();
}
