namespace Pipeline.Engine.Document.Html;

/// <summary>An insight's evidence as a reader reads it: <c>null share: 70.2%; rows: 238</c> rather than
/// <c>null_pct = 70.1681; rows = 238</c>. results.json keeps the raw names and numbers.</summary>
internal static class EvidenceText
{
    public static string Of(IReadOnlyDictionary<string, double> evidence) => string.Join("; ", evidence.Select(kv => Item(kv.Key, kv.Value)));

    private static string Item(string key, double value)
    {
        if (key == "pct" || key.EndsWith("_pct", StringComparison.Ordinal))
            return $"{Label(key == "pct" ? "share" : key[..^4] + " share")}: {ReportText.Pct(value)}";
        if (key.EndsWith("_seconds", StringComparison.Ordinal))
            return $"{Label(key[..^8])}: {ReportText.Duration(value * TimeSpan.TicksPerSecond)}";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            return $"{Label(key)}: {ReportText.Count((long)value)}";
        return $"{Label(key)}: {ReportText.Num(value, 4)}";
    }

    private static string Label(string key) => key.Replace('_', ' ');
}
