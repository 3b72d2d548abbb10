namespace Lab.BrowserLab.Fit;

/// <summary>One notes line under one story and table (a row of <c>fit --json</c>'s <c>lines</c>): the predicted
/// time of its kind (null where the story predicts none), the residual in seconds, whether it is explained,
/// and the predicted load it was set against.</summary>
internal sealed record FitLine(string Notes, string NotesTime, string Kind, string? Predicted, double? ResidualS, bool Explained, string? By);
