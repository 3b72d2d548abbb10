namespace Lab.BrowserLab.Fit;

/// <summary>A notes line and the predicted event of its kind set against it (null when the story predicts none
/// left); <see cref="Explained"/> when they are within the tolerance.</summary>
internal sealed record LineMatch(NotesLine Line, PredictedEvent? Event, bool Explained)
{
    public double? ResidualS => Event is null ? null : Event.AtS - Line.AtS;
}
