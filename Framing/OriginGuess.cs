namespace Lab.Framing;

/// <summary>
/// Who probably sent a head that is not a frame: <see cref="Kind"/> is one of <see cref="HeaderGuess"/>'s
/// rows (<see cref="Origin"/> its name in logs), <see cref="Detail"/> refines it (the HTTP method, the TLS
/// version); what it means for this gateway is <see cref="HeaderGuess.MeaningOf"/>.
/// </summary>
internal sealed record OriginGuess(OriginKind Kind, string? Detail)
{
    public string Origin => Kind.ToLogName();

    public override string ToString() => Detail is null ? Origin : $"{Origin}({Detail})";
}
