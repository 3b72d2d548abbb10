namespace Lab.Gateway.Connections.Features;

/// <summary>The one ability the connection limit needs: to say it turned the connection away
/// (<c>max_connections</c>), before it closes it.</summary>
internal interface IConnectionRefusalFeature
{
    void Refused();
}
