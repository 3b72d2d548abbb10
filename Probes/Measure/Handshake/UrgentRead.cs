namespace Lab.Probes.Handshake;

/// <summary>What the receiving socket read of a request holding one urgent byte (<c>--urgent</c>): with
/// SO_OOBINLINE off or on, what each recv() returned in the stream (the first stops at the urgent mark), and
/// what recv(MSG_OOB) returned there (or its error: EINVAL when the urgent byte stays in the stream).</summary>
internal sealed record UrgentRead(int Connection, bool OobInline, IReadOnlyList<string> InBand, string? OutOfBand, string? OutOfBandError);
