namespace Lab.BrowserLab.Fit;

/// <summary>A load a story predicts, on the notes' clock (seconds after the anchor): what started it, the
/// reload count after it (for the next delay), and the events the run's matching load showed.</summary>
internal sealed record PredictedLoad(string Label, double StartS, int ReloadsSoFar, IReadOnlyList<LoadEvent> Shape)
{
    public IEnumerable<PredictedEvent> Events => Shape.Select(e => new PredictedEvent(e.Kind, StartS + e.OffsetS, this, e.PortId));
}
