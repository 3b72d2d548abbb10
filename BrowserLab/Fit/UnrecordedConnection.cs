namespace Lab.BrowserLab.Fit;

/// <summary>A connection a story predicts before 11:37 that no notes line records, and why that matters:
/// between the notes' lines they may have skipped it; after their last line it is evidence against the story.</summary>
internal sealed record UnrecordedConnection(string Predicted, string Why, string By);
