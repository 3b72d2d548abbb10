namespace Lab.Framing;

/// <summary>
/// Who probably sent a head that is not a frame: <see cref="Kind"/> is one of <see cref="HeaderGuess"/>'s
/// rows (<see cref="Origin"/> its name in logs), <see cref="Detail"/> refines it (the HTTP method, the TLS
/// version), <see cref="Meaning"/> says what that means for this gateway.
/// </summary>
public sealed record OriginGuess(OriginKind Kind, string? Detail, string Meaning)
{
    public string Origin => Kind.ToLogName();

    public override string ToString() => Detail is null ? Origin : $"{Origin}({Detail})";
}
