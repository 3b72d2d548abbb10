using Lab.BrowserLab.Fit;

namespace Lab.BrowserLab.Tests.Fit;

/// <summary>Each predicted event explains one line at most, of its own kind, closest pairs first.</summary>
public class LineMatcherTests
{
    private static readonly PredictedLoad Load = new("visit", 0, 0, []);

    [Fact]
    public void TheClosestPairsAreTakenFirstAndEachEventOnce()
    {
        NotesLine[] lines = [new("a", 1.0, NotesEvent.Accepted), new("b", 1.2, NotesEvent.Accepted), new("c", 1.1, NotesEvent.Request)];
        PredictedEvent[] events = [new(NotesEvent.Accepted, 1.19, Load, 1), new(NotesEvent.Request, 5, Load, 2)];

        var (matches, unmatched) = LineMatcher.Match(lines, events, 0.5);

        Assert.False(matches[0].Explained); // 1.19 sits closer to b
        Assert.Null(matches[0].Event); // and nothing of its kind is left
        Assert.True(matches[1].Explained);
        Assert.Equal(-0.01, matches[1].ResidualS!.Value, 6);
        Assert.False(matches[2].Explained); // a request 3.9 s off: shown, not explained
        Assert.Equal(3.9, matches[2].ResidualS!.Value, 6);
        Assert.Equal([events[1]], unmatched);
    }
}
