using Lab.Common.Cli;

namespace Lab.BrowserLab.Experiment;

/// <summary>
/// How many navigations each step makes. <c>seed</c> is the field notes' three single navigations to
/// the same URL (typed at 11:03, 11:05 and 11:10); <c>once</c> is one; a list like <c>1,2,1</c> gives
/// each step's count (a step's navigations start together, each on its own page).
/// </summary>
internal sealed record Schedule(string Name, IReadOnlyList<int> Steps)
{
    public int Navigations => Steps.Sum();

    public static Schedule Parse(string text)
    {
        switch (text)
        {
            case "seed": return new Schedule("seed", [1, 1, 1]);
            case "once": return new Schedule("once", [1]);
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Length > 20 || !parts.All(p => int.TryParse(p, out var n) && n is >= 1 and <= 10))
            throw new UsageException($"--schedule: '{text}' is not seed, once, or a list of 1-20 counts from 1 to 10 like 1,2,1");
        return new Schedule(text, parts.Select(int.Parse).ToArray());
    }
}
