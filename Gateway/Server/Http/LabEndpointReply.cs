namespace Lab.Gateway.Http;

/// <summary>What every path of the HTTP lab endpoint answers: the connection as the server saw it.</summary>
internal sealed record LabEndpointReply(
    long PortId,
    string ConnectionId,
    int Request,
    string Protocol,
    string Method,
    string Path,
    string Client,
    DateTimeOffset ServerTime);
