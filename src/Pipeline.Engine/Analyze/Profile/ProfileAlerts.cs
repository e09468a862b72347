using System.Globalization;
using System.Text;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// The alert rules, each with its threshold (ydata-profiling's set plus near-duplicate categories and mixed types).
/// Thresholds are constants here and documented in docs/profile-schema.md so a reader can see why an alert fired.
/// </summary>
internal static class ProfileAlerts
{
    public const double MissingPct = 5;
    public const double ZerosPct = 10;
    public const double SkewAbs = 20;
    public const double HighCorrelation = 0.9;
    public const double HighCardinalityPct = 50;
    public const double ImbalanceShare = 0.9;
    public const double UniformChiSquareP = 0.999;

    public static List<Alert> For(ProfileReport report, IReadOnlyDictionary<string, List<List<string>>> nearDuplicates)
    {
        var alerts = new List<Alert>();
        if (report.RowCount == 0)
            alerts.Add(new Alert("empty", null, 0, 0, "the dataset has no rows"));
        if (report.DuplicateRowCount > 0)
            alerts.Add(new Alert("duplicates", null, report.DuplicateRowCount, 0,
                $"{report.DuplicateRowCount} rows ({Pct(report.DuplicateRowCount, report.RowCount)}) are exact duplicates of an earlier row"));
        foreach (var c in report.Columns)
        {
            if (c.Count > 0 && c.DistinctCount == 1)
                alerts.Add(new Alert("constant", c.Name, 1, 1, $"'{c.Name}' has one value only ({c.TopValues.FirstOrDefault()?.Value})"));
            if (c.NullPct is { } nullPct && nullPct > MissingPct)
                alerts.Add(new Alert("missing", c.Name, nullPct, MissingPct, $"'{c.Name}' is missing in {c.NullCount} rows ({nullPct:0.###}%)"));
            if (c.Zeros is { } zeros && c.Count > 0 && 100.0 * zeros / c.Count > ZerosPct)
                alerts.Add(new Alert("zeros", c.Name, 100.0 * zeros / c.Count, ZerosPct, $"'{c.Name}' is zero in {zeros} rows ({Pct(zeros, c.Count)})"));
            if (c.Infinities is > 0)
                alerts.Add(new Alert("infinite", c.Name, c.Infinities, 0, $"'{c.Name}' has {c.Infinities} infinite values"));
            if (c.Skewness is { } skew && Math.Abs(skew) > SkewAbs)
                alerts.Add(new Alert("skewed", c.Name, skew, SkewAbs, $"'{c.Name}' is highly skewed (skewness {skew:0.##})"));
            if (c.Count > 1 && c.DistinctCount == c.Count && c.Kind != "numeric" || c.Count > 1 && c.DistinctCount == c.Count && c.SemanticType == "id")
                alerts.Add(new Alert("unique", c.Name, 100, 100, $"every value of '{c.Name}' is different"));
            else if (c.Kind == "string" && c.UniquePct is { } u && u > HighCardinalityPct && c.SemanticType is not ("email" or "url" or "free_text"))
                alerts.Add(new Alert("high_cardinality", c.Name, u, HighCardinalityPct, $"'{c.Name}' has {c.DistinctCount} distinct values ({u:0.#}% of its values)"));
            if (c.SemanticType is "date_in_string")
                alerts.Add(new Alert("date_in_string", c.Name, null, null, $"'{c.Name}' holds dates stored as text"));
            if (c.SemanticType is "numeric_in_string")
                alerts.Add(new Alert("mixed_types", c.Name, null, null, $"'{c.Name}' holds numbers stored as text"));
            if (c.Kind == "other")
                alerts.Add(new Alert("unsupported", c.Name, null, null, $"'{c.Name}' ({c.Type}) gets counts only"));
            if (c.Text is { } text && c.Count > 1 && text.LengthMin == text.LengthMax && c.DistinctCount > 1)
                alerts.Add(new Alert("constant_length", c.Name, text.LengthMin, null, $"every value of '{c.Name}' has {text.LengthMin} characters"));
            if (c.Boolean is { Imbalance: { } share } && share > ImbalanceShare)
                alerts.Add(new Alert("imbalance", c.Name, share, ImbalanceShare, $"'{c.Name}' is {share:P1} one value"));
            else if (c.SemanticType == "category" && c.TopValues.Count > 1 && c.Count > 0 && (double)c.TopValues[0].Count / c.Count > ImbalanceShare)
                alerts.Add(new Alert("imbalance", c.Name, (double)c.TopValues[0].Count / c.Count, ImbalanceShare, $"'{c.Name}' is {(double)c.TopValues[0].Count / c.Count:P1} '{c.TopValues[0].Value}'"));
            if (c.Histogram is { } h && c.Kind == "numeric" && c.DistinctCount > h.Counts.Count && IsUniform(h.Counts))
                alerts.Add(new Alert("uniform", c.Name, null, UniformChiSquareP, $"'{c.Name}' is spread evenly over its range"));
            if (c.Datetime?.Series is { Gaps: > 0 } series)
                alerts.Add(new Alert("time_gaps", c.Name, series.Gaps, 1.5, string.Create(CultureInfo.InvariantCulture,
                    $"'{c.Name}' is a regular series (step {series.StepSeconds:0.###} s) with {series.Gaps} gaps longer than 1.5 steps ({series.MissingSteps} missing steps)")));
            if (nearDuplicates.TryGetValue(c.Name, out var groups))
                foreach (var g in groups)
                    alerts.Add(new Alert("near_duplicate_categories", c.Name, g.Count, null, $"'{c.Name}' has values that differ only in case, spacing or punctuation: {string.Join(", ", g.Select(v => $"\"{v}\""))}"));
        }
        foreach (var corr in report.Correlations.Where(x => x.Method == "pearson" && Math.Abs(x.Value) > HighCorrelation))
            alerts.Add(new Alert("high_correlation", $"{corr.A},{corr.B}", corr.Value, HighCorrelation, $"'{corr.A}' and '{corr.B}' are highly correlated (Pearson {corr.Value:0.####})"));
        foreach (var m in report.OneToOne)
            alerts.Add(new Alert("one_to_one", $"{m.A},{m.B}", m.Distinct, null, $"'{m.A}' and '{m.B}' map one to one ({m.Distinct} value pairs): one of them is redundant"));
        return alerts;
    }

    private static string Pct(long part, long whole) => whole == 0 ? "0%" : (100.0 * part / whole).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    // Chi-square goodness of fit against equal bins; critical values approximated by Wilson–Hilferty at p = 0.999.
    private static bool IsUniform(IReadOnlyList<long> counts)
    {
        long n = counts.Sum();
        int k = counts.Count;
        if (k < 3 || n < 20 * k) return false;
        double expected = (double)n / k;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        int df = k - 1;
        double z = 3.09; // one-sided 0.999 quantile of the standard normal
        double critical = df * Math.Pow(1 - 2.0 / (9 * df) + z * Math.Sqrt(2.0 / (9 * df)), 3);
        return chi2 < critical;
    }

    /// <summary>Groups of frequent values that become equal after lower-casing and removing spaces and punctuation.</summary>
    public static List<List<string>> NearDuplicates(IEnumerable<string> values)
        => values.GroupBy(Normalize).Where(g => g.Key.Length > 0 && g.Count() > 1)
            .Select(g => g.OrderBy(v => v, StringComparer.Ordinal).ToList()).OrderBy(g => g[0], StringComparer.Ordinal).Take(10).ToList();

    private static string Normalize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormKC))
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }
}
