namespace Lab.BrowserLab.Report.Document;

/// <summary>A list item with, optionally, items nested under it.</summary>
internal sealed record BulletItem(string Text, IReadOnlyList<string>? Children = null);
