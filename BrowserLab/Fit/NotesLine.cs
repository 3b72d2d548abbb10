namespace Lab.BrowserLab.Fit;

/// <summary>One timed line of the field notes: its words, its time in seconds after the anchor, and its kind.</summary>
internal sealed record NotesLine(string Text, double AtS, NotesEvent Kind);
