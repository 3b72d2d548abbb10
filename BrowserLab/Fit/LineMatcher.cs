namespace Lab.BrowserLab.Fit;

/// <summary>
/// Sets each notes line against one predicted event of the same kind, each event used once: the closest pairs
/// within the tolerance first, so no line takes an event another line sits closer to. A line left without a
/// pair is shown against the nearest event still free (not explained).
/// </summary>
internal static class LineMatcher
{
    public static (IReadOnlyList<LineMatch> Lines, IReadOnlyList<PredictedEvent> Unmatched) Match(
        IReadOnlyList<NotesLine> lines, IReadOnlyList<PredictedEvent> events, double toleranceS)
    {
        var taken = new HashSet<int>();
        var matched = new PredictedEvent?[lines.Count];
        var pairs = from l in Enumerable.Range(0, lines.Count)
                    from e in Enumerable.Range(0, events.Count)
                    where events[e].Kind == lines[l].Kind && Math.Abs(events[e].AtS - lines[l].AtS) <= toleranceS
                    orderby Math.Abs(events[e].AtS - lines[l].AtS), l, e
                    select (l, e);
        foreach (var (l, e) in pairs)
        {
            if (matched[l] is not null || taken.Contains(e))
                continue;
            matched[l] = events[e];
            taken.Add(e);
        }
        var result = new List<LineMatch>();
        for (var l = 0; l < lines.Count; l++)
        {
            if (matched[l] is { } hit)
            {
                result.Add(new LineMatch(lines[l], hit, true));
                continue;
            }
            var line = lines[l];
            var nearest = Enumerable.Range(0, events.Count).Where(e => !taken.Contains(e) && events[e].Kind == line.Kind)
                .OrderBy(e => Math.Abs(events[e].AtS - line.AtS)).Select(e => events[e]).FirstOrDefault();
            result.Add(new LineMatch(line, nearest, false));
        }
        return (result, Enumerable.Range(0, events.Count).Where(e => !taken.Contains(e)).Select(e => events[e]).ToList());
    }
}
