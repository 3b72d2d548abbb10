namespace Lab.Probes.Http;

/// <summary>short = HTTP/1.0 without keep-alive, one connection per request; keepalive = HTTP/1.1 persistent.</summary>
public enum HttpMode
{
    Short,
    KeepAlive,
}
