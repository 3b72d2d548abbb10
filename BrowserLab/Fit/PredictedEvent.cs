namespace Lab.BrowserLab.Fit;

/// <summary>One connection accepted or request arriving that a story predicts, the load it belongs to, and the run's
/// connection whose measured event it repeats (<see cref="LoadEvent.PortId"/>).</summary>
internal sealed record PredictedEvent(NotesEvent Kind, double AtS, PredictedLoad Load, long MeasuredOn);
