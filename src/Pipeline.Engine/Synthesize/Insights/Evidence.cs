namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Builds an insight's evidence: named numbers, rounded to 6 significant digits so the JSON stays readable.</summary>
internal static class Evidence
{
    public static IReadOnlyDictionary<string, double> Of(params (string Name, double Value)[] items)
    {
        var evidence = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in items)
            if (double.IsFinite(value)) evidence[name] = value == 0 ? 0 : Math.Round(value, Math.Max(0, 5 - (int)Math.Floor(Math.Log10(Math.Abs(value)))));
        return evidence;
    }
}
