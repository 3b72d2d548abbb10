namespace Lab.BrowserLab.Report;

/// <summary>The time after the last step's navigation ended during which the browser was left open (ms since
/// the first navigation, on the NetLog's clock); <see cref="LengthMs"/> is zero when it closed at once.</summary>
internal sealed record WatchWindow(double FromMs, double LengthMs)
{
    public bool Watched => LengthMs > 0;
}
