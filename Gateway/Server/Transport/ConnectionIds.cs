namespace Lab.Gateway.Transport;

/// <summary>Connection ids as Kestrel makes them (13 characters of base 32 from a counter that starts at the clock):
/// the form <c>init ok</c>'s <c>connectionId</c> had while Kestrel's transport made the connections.</summary>
internal static class ConnectionIds
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    private static long _last = DateTime.UtcNow.Ticks;

    public static string Next() => string.Create(13, Interlocked.Increment(ref _last), static (chars, id) =>
    {
        for (var i = chars.Length - 1; i >= 0; i--, id >>= 5)
            chars[i] = Digits[(int)(id & 31)];
    });
}
