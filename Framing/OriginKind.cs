namespace Lab.Framing;

/// <summary>Who probably sent a bad head: the closed set of <see cref="HeaderGuess"/>'s rows. Their names
/// in logs and reports come from <see cref="OriginNames"/>.</summary>
internal enum OriginKind
{
    Http2Preface,
    Http,
    Tls,
    Ssh,
    ProxyV1,
    ProxyV2,
    Resp,

    /// <summary>No row matched.</summary>
    Unknown,
}
