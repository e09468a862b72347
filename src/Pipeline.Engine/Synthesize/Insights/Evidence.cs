namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Builds an insight's evidence: named numbers, rounded to 6 significant digits so the JSON stays readable.</summary>
internal static class Evidence
{
    public static IReadOnlyDictionary<string, double> Of(params (string Name, double Value)[] items)
    {
        var evidence = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in items)
            if (double.IsFinite(value)) evidence[name] = value == 0 || Math.Abs(value) < 1e-9 ? Significant(value) : Math.Round(value, Math.Max(0, 5 - (int)Math.Floor(Math.Log10(Math.Abs(value)))));
        return evidence;
    }

    /// <summary>Six significant digits of a tiny value (a p-value of 1e-40), which Math.Round's 15 decimals would zero.</summary>
    private static double Significant(double value)
        => value == 0 ? 0 : double.Parse(value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
