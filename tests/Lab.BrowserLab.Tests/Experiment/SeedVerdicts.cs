using System.Text.RegularExpressions;
using Lab.BrowserLab.Report;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>What report.Seed must say of a fin run of the seed's three steps with its last page watched: per line
/// the one or two sentences SeedComparison can give such a run, the one it gives decided by the line's own "this
/// run" cell or the NetLog — never merely "matches, differs or not measured".</summary>
internal static partial class SeedVerdicts
{
    /// <param name="silentInStepTwo">Sockets to the gateway that connected during step 2 and never sent, counted in the NetLog.</param>
    /// <param name="connectedAfterLastStep">Sockets to the gateway the NetLog shows connecting after step 3's navigation ended.</param>
    public static void AssertConcrete(IReadOnlyList<SeedLine> seed, int silentInStepTwo, int connectedAfterLastStep)
    {
        Assert.Equal(7, seed.Count);

        // 1. Under fin the first connection's "GET " is read as 1195725856 and closed: the notes' first line exactly.
        Assert.Contains("head_error, declared length 1195725856", seed[0].Run);
        Assert.Equal("matches", seed[0].Verdict);

        // 2. The second connection of step 1 matches only as a resend, and its mechanism names its role.
        var second = Match(SecondConnection(), seed[1].Verdict);
        Assert.Equal(seed[1].Mechanism.StartsWith("retry", StringComparison.Ordinal), second.Groups["matches"].Success);

        // 3. A socket used a second after it opened: matches from a 500 ms wait on; step 1 reloaded its error page.
        var wait = int.Parse(Match(LongestWait(), seed[2].Run).Groups[1].Value);
        Assert.Equal(wait >= 500 ? "matches"
            : "differs, because the request a second later (the error page's reload) came on a socket opened just before it, not on one opened a second earlier",
            seed[2].Verdict);

        // 4. The silent companion: as many silent sockets in step 2 as the NetLog shows.
        var two = Match(StepTwo(), seed[3].Run);
        var (inStepTwo, silent) = (int.Parse(two.Groups[1].Value), int.Parse(two.Groups[2].Value));
        Assert.Equal(silentInStepTwo, silent);
        Assert.Equal(inStepTwo >= 2 && silent >= 1 ? "matches" : "differs, because no socket of step 2 stayed silent: every preconnected socket carried a request", seed[3].Verdict);

        // 5. Nothing but this browser talks to the lab's gateway, so no id is taken between the steps.
        Assert.Equal("differs, because nothing else took an id between the steps here (the notes' gw served other clients)", seed[4].Verdict);

        // 6. Step 3's first 2,032 ms against the notes' three connections, all with the error.
        var three = Match(StepThree(), seed[5].Run);
        var (inSpan, withError) = (int.Parse(three.Groups[1].Value), int.Parse(three.Groups[2].Value));
        Assert.Equal(inSpan == 3 && withError == 3 ? "matches"
            : $"differs, because Chromium made {inSpan} here (the original and its resends; an error-page reload, about 1 s later, joins them only if the browser stays open)",
            seed[5].Verdict);

        // 7. The watched page reloaded itself (about +1 s and +6 s): at least once, each reload at least one socket.
        var reloads = int.Parse(Match(Reloaded(), seed[6].Verdict).Groups[1].Value);
        Assert.InRange(reloads, 1, connectedAfterLastStep);
    }

    private static Match Match(Regex pattern, string text)
    {
        var m = pattern.Match(text);
        Assert.True(m.Success, $"'{text}' is not /{pattern}/");
        return m;
    }

    [GeneratedRegex(@"^(?:(?<matches>matches)|differs, because it was (?:original|unused|other|unexplained), not a resend)$")]
    private static partial Regex SecondConnection();

    [GeneratedRegex(@"^the longest wait between connect and request was (\d+) ms \([^)]*\); a request ")]
    private static partial Regex LongestWait();

    [GeneratedRegex(@"^(\d+) connection\(s\) in step 2, (\d+) that sent nothing")]
    private static partial Regex StepTwo();

    [GeneratedRegex(@"^(\d+) connection\(s\) in step 3's first 2032 ms, (\d+) with head_error, ")]
    private static partial Regex StepThree();

    [GeneratedRegex("""^differs, because the error page stayed open and visible here and reloaded itself (\d+) time\(s\); whether the notes' own clock fits typed visits or such reloads is measured in "The notes' clock", with this run's reloads$""")]
    private static partial Regex Reloaded();
}
