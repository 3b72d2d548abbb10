using Lab.Gateway.Logging;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Descriptors;

/// <summary>
/// The gateway's episodes at its descriptor limit, as gateway.log tells them: one <c>accept_failing</c>
/// line when accepting first pauses, one <c>accept_recovered</c> line once accepts have run for
/// <see cref="QuietPeriod"/> without a pause (pausing and resuming once per freed descriptor while
/// clients queue is one episode, not many), and the <c>totals</c> line at exit. Called under the
/// <see cref="DescriptorGuard"/>'s lock.
/// </summary>
internal sealed class AtLimitEpisodes(ILogger log)
{
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private bool _inEpisode;
    private long _startMs, _lastPauseMs, _resumedMs, _episodePauses;
    private long _pauses, _episodes, _atLimitMs;

    public void Paused(string local, string errno, string source, long limit, long free, long inUse, int reserveReleased)
    {
        _pauses++;
        _episodePauses++;
        _lastPauseMs = Environment.TickCount64;
        if (_inEpisode)
            return;
        _inEpisode = true;
        _episodes++;
        _startMs = _lastPauseMs;
        _episodePauses = 1;
        log.AcceptFailing(local, errno, source, limit, free, inUse, reserveReleased);
    }

    public void Resumed() => _resumedMs = Environment.TickCount64;

    /// <summary>Ends the episode when accepting has run for <see cref="QuietPeriod"/> since the last pause.</summary>
    public void EndIfQuiet(bool paused, long limit, long inUse)
    {
        if (!_inEpisode || paused || Environment.TickCount64 - _lastPauseMs < QuietPeriod.TotalMilliseconds)
            return;
        _inEpisode = false;
        var atLimitMs = _resumedMs - _startMs;
        _atLimitMs += atLimitMs;
        log.AcceptRecovered(atLimitMs, _episodePauses, limit, inUse);
    }

    public void LogTotals(long accepted, long acceptErrors, LogLosses losses)
    {
        var atLimitMs = _atLimitMs + (_inEpisode ? Environment.TickCount64 - _startMs : 0);
        log.Totals(accepted, _pauses, acceptErrors, _episodes, atLimitMs, losses.WriteFailures, losses.LinesLost, losses.ConnectionsUnlogged);
    }
}
