using System.Globalization;

namespace Lab.BrowserLab.Fit;

/// <summary>A first load and the error page's reloads after it, each <c>delay + added</c> after the one before
/// (the table's delay, the run's measured added time), until <c>untilS</c>; each reload's label starts with <c>prefix</c>.</summary>
internal static class ReloadChain
{
    private const int MaxLoads = 200;

    public static List<PredictedLoad> From(PredictedLoad first, string prefix, ReloadTable table, MeasuredReloads measured, double untilS)
    {
        var loads = new List<PredictedLoad> { first };
        for (var at = first.StartS; loads.Count < MaxLoads;)
        {
            var reload = loads[^1].ReloadsSoFar; // 0-based index of the next reload in the table
            at += table.Delay(reload) + measured.AddedFor(reload + 1);
            if (at >= untilS)
                break;
            loads.Add(new PredictedLoad($"{prefix}reload {reload + 1} ({Seconds(table.Delay(reload))})", at, reload + 1,
                measured.ShapeOf(reload + 1)));
        }
        return loads;
    }

    private static string Seconds(double s) => s >= 60 && s % 60 == 0
        ? (s / 60).ToString("0", CultureInfo.InvariantCulture) + " min"
        : s.ToString("0", CultureInfo.InvariantCulture) + " s";
}
