namespace Lab.BrowserLab.Matrix;

/// <summary>Median and range of a small sample: what varies between runs is shown, not averaged away.</summary>
internal sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            return new Spread(0, 0, 0);
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    public override string ToString() => Min == Max ? $"{Median:0.#}" : $"{Median:0.#} ({Min:0.#}–{Max:0.#})";
}
