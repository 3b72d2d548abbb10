using System.Globalization;

namespace Lab.BrowserLab.Fit;

/// <summary>
/// The notes' timestamps (shared/seed, item 12), on their own date-less clock anchored at 11:03:34.564, the
/// first <c>init ok</c>. The 11:05 and 11:10 lines each name a new <c>#Port</c>, so they are connections
/// accepted; 11:03:35.597 is "the same error" on the socket opened at .567: a request arriving.
/// </summary>
internal static class FieldNotesClock
{
    public static readonly TimeSpan Anchor = new(0, 11, 3, 34, 564);

    /// <summary>"后续直到11:37，浏览器未再发起连接请求": nothing after the last line until then.</summary>
    public static readonly TimeSpan QuietUntil = new(11, 37, 0);

    public static readonly IReadOnlyList<NotesLine> Lines =
    [
        Line("11:03:34.564", "init ok", NotesEvent.Accepted),
        Line("11:03:34.564", "do_terminate head_error: <<\"GET \">> read as a length", NotesEvent.Request),
        Line("11:03:34.567", "init ok: connects again right after", NotesEvent.Accepted),
        Line("11:03:35.597", "the same error, a second later", NotesEvent.Request),
        Line("11:05:15.616", "#Port<0.7882> (logged the error)", NotesEvent.Accepted),
        Line("11:05:15.617", "#Port<0.7883> (logged nothing)", NotesEvent.Accepted),
        Line("11:10:16.597", "#Port<0.9078> (error)", NotesEvent.Accepted),
        Line("11:10:16.598", "#Port<0.9079> (error)", NotesEvent.Accepted),
        Line("11:10:18.629", "#Port<0.9080> (error)", NotesEvent.Accepted),
    ];

    public static double QuietUntilS => (QuietUntil - Anchor).TotalSeconds;

    public static double LastLineS => Lines.Max(l => l.AtS);

    /// <summary>Seconds after the anchor as the notes write a time: HH:mm:ss.fff.</summary>
    public static string Format(double atS) =>
        (Anchor + TimeSpan.FromMilliseconds(Math.Round(atS * 1000))).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    private static NotesLine Line(string clock, string text, NotesEvent kind) =>
        new(text, (TimeSpan.ParseExact(clock, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture) - Anchor).TotalSeconds, kind);
}
