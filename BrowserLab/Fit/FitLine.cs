namespace Lab.BrowserLab.Fit;

/// <summary>One notes line under one story and table (a row of <c>fit --json</c>'s <c>lines</c>): the predicted
/// time of its kind (null where the story predicts none), the residual in seconds, whether it is explained,
/// the predicted load it was set against, and the run's connection whose measured accept or request that
/// prediction repeats (its <c>portId</c>; null with no prediction).</summary>
internal sealed record FitLine(string Notes, string NotesTime, string Kind, string? Predicted, double? ResidualS, bool Explained, string? By, long? Connection);
