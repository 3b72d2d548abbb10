namespace Lab.Gateway.Connections;

/// <summary>
/// What a peer that stops reading may cost: at most <see cref="MaxPendingOutput"/> bytes queued for it
/// (or one frame, if larger), and a write waiting longer than <see cref="SendTimeout"/> ends the
/// connection with a reset (OTP's <c>send_timeout</c> with <c>send_timeout_close</c>, nginx's
/// <c>send_timeout</c>). The bound is held in two halves: the transport's output pipe pauses a writer whose queue
/// reaches <see cref="TransportPauseBytes"/> (a pipe's pause threshold, as HTTP's MaxResponseBufferSize
/// sets), so a batch starts with less than that queued, and the handler flushes before a batch passes
/// <see cref="BatchBytes"/>.
/// </summary>
/// <param name="SendTimeout">Null is never.</param>
internal sealed record OutputLimits(int MaxPendingOutput, TimeSpan? SendTimeout)
{
    public int TransportPauseBytes => Math.Max(1, MaxPendingOutput / 2);

    public int BatchBytes => Math.Max(1, MaxPendingOutput - TransportPauseBytes);
}
