using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Tests.Fit;

/// <summary>A browser run's joined connections written by hand, in seconds since the first navigation: each
/// socket accepted at a time and carrying a request (navigation or auto-reload, first attempt or resend) or none.</summary>
internal sealed class SyntheticRun
{
    private readonly List<JoinedConnection> _connections = [];

    public IReadOnlyList<JoinedConnection> Connections => _connections;

    /// <summary>A socket accepted at <paramref name="acceptS"/>; with <paramref name="requestS"/> it carries a request of
    /// <paramref name="kind"/> (a resend when <paramref name="resend"/>), otherwise nothing (a preconnect never used).</summary>
    public SyntheticRun Socket(double acceptS, double? requestS = null, string kind = RequestKind.AutoReload, bool resend = false)
    {
        var port = _connections.Count + 1;
        _connections.Add(new JoinedConnection
        {
            PortId = port,
            ClientPort = 40000 + port,
            Role = requestS is null ? ConnectionRole.Unused : resend ? ConnectionRole.Retry : ConnectionRole.Original,
            Request = requestS is null ? null : kind,
            ConnectMs = acceptS * 1000 - 0.3,
            GatewayInitMs = acceptS * 1000,
            FirstByteMs = requestS * 1000 - 0.2,
            GatewayHeadErrorMs = requestS * 1000,
            CloseMs = (requestS ?? acceptS) * 1000 + 1,
            BytesIn = requestS is null ? 0 : 679,
        });
        return this;
    }

    /// <summary>The navigation at 0: its socket, its request a millisecond later, and the sockets opened beside it.</summary>
    public SyntheticRun Navigation(params double[] alsoAcceptedS)
    {
        Socket(0, 0.001, RequestKind.Navigation);
        foreach (var at in alsoAcceptedS)
            Socket(at);
        return this;
    }

    /// <summary>A reload whose request goes on a fresh socket at <paramref name="atS"/>, each further offset one more
    /// socket carrying a resend.</summary>
    public SyntheticRun Reload(double atS, params double[] resendOffsetsS)
    {
        Socket(atS, atS + 0.001);
        foreach (var offset in resendOffsetsS)
            Socket(atS + offset, atS + offset + 0.001, resend: true);
        return this;
    }

    /// <summary>Reload times from the gaps beyond today's delays (1 s, 5 s, 30 s, 1 min, 5 min, …): what each reload added.</summary>
    public static IReadOnlyList<double> ReloadTimes(params double[] addedS)
    {
        double[] delays = [1, 5, 30, 60, 300, 600, 1800];
        var times = new List<double>();
        var at = 0.0;
        for (var i = 0; i < addedS.Length; i++)
            times.Add(at += delays[Math.Min(i, delays.Length - 1)] + addedS[i]);
        return times;
    }
}
