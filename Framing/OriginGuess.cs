namespace Lab.Framing;

/// <summary>
/// Who probably sent a head that is not a frame: <see cref="Origin"/> is one of the names in
/// <see cref="HeaderGuess"/>'s table, <see cref="Detail"/> refines it (the HTTP method, the TLS
/// version), <see cref="Meaning"/> says what that means for this gateway.
/// </summary>
public sealed record OriginGuess(string Origin, string? Detail, string Meaning)
{
    public override string ToString() => Detail is null ? Origin : $"{Origin}({Detail})";
}
