using System.Globalization;

namespace Lab.Bench;

/// <summary>
/// The churn gateway's log held against the load's own count: every connection the load made (each churn cycle,
/// each flood connection opened) has an <c>init ok</c> — so a connection whose two lines were both lost is caught,
/// which "every init ok has its do_terminate" alone cannot see — and a round whose load reported errors is a
/// mismatch, not a row to read past. Nothing made is NO DATA.
/// </summary>
internal static class SoakLoadCheck
{
    public static (string Line, IReadOnlyList<string> Mismatches) Judge(IReadOnlyList<(string Round, IReadOnlyDictionary<string, long> Errors)> rounds,
        long connectionsMade, long initsLogged)
    {
        var mismatches = new List<string>();
        foreach (var (round, errors) in rounds.Where(r => r.Errors.Count > 0))
            mismatches.Add($"{round}: the load reported errors ({string.Join(", ", errors.Select(e => $"{e.Key} {e.Value.ToString(CultureInfo.InvariantCulture)}"))})");
        string line;
        if (connectionsMade == 0)
        {
            line = "connections the load made vs init ok logged: NO DATA (the load made none)";
            mismatches.Add("NO DATA: the churn and the flood made no connection");
        }
        else
        {
            var ok = initsLogged == connectionsMade;
            line = $"connections the load made vs init ok logged: {N(connectionsMade)} vs {N(initsLogged)} ({(ok ? "PASS" : "MISS")} =)";
            if (!ok)
                mismatches.Add(initsLogged < connectionsMade
                    ? $"the load made {N(connectionsMade)} connections and the gateway logged {N(initsLogged)} init ok: {N(connectionsMade - initsLogged)} connection(s) missing from its log"
                    : $"the gateway logged {N(initsLogged)} init ok for {N(connectionsMade)} connections the load made");
        }
        return (line, mismatches);
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
