namespace Lab.BrowserLab.Fit;

/// <summary>One connection accepted or request arriving that a story predicts, and the load it belongs to.</summary>
internal sealed record PredictedEvent(NotesEvent Kind, double AtS, PredictedLoad Load);
