namespace Lab.Gateway.Connections;

/// <summary>
/// What a peer that stops reading may cost: at most <see cref="MaxPendingOutput"/> bytes queued for it
/// (Kestrel's transport pauses the writer there, as HTTP's MaxResponseBufferSize does; the handler
/// flushes before it writes more, so one read's worth of echoes cannot overshoot it), and a write
/// waiting longer than <see cref="SendTimeout"/> ends the connection with a reset (OTP's
/// <c>send_timeout</c> with <c>send_timeout_close</c>, nginx's <c>send_timeout</c>).
/// </summary>
/// <param name="SendTimeout">Null is never.</param>
internal sealed record OutputLimits(int MaxPendingOutput, TimeSpan? SendTimeout);
