using System.Globalization;
using Pipeline.Core.History;
using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.HistoryKinds;

/// <summary><c>drift: {psi_at_most: 0.2, ...}</c>: the column's distribution moved from the baseline run by at most
/// each limit given (the same measures as <c>drift[]</c>, see docs/history.md).</summary>
internal sealed class DriftKind : HistoryRuleKind
{
    private static readonly string[] Limits =
        ["psi_at_most", "ks_at_most", "js_at_most", "chi_square_v_at_most", "null_fraction_change_at_most", "distinct_change_at_most"];

    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Drift;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value)
        => rule with { Values = LimitArguments.Read(y, value, YamlKey, Limits, _ => true) };

    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => LimitArguments.Write(rule.Values!);

    /// <inheritdoc />
    public override (bool Passed, double? Observed, string? Message) Check(Rule rule, HistoryComparison history)
    {
        if (history.BaselineRecord is not { } baseline) return (true, null, "no baseline run with column metrics yet: nothing to compare");
        var now = history.Current.Columns.FirstOrDefault(c => c.Name == rule.Column);
        if (now is null) return (false, null, $"column '{rule.Column}' is not in this run's profile");
        var was = baseline.Columns.FirstOrDefault(c => c.Name == rule.Column);
        if (was is null) return (true, null, $"column '{rule.Column}' is new since the baseline run");
        var measured = new List<(string Limit, double Value, double Max)>();
        foreach (var (limit, text) in LimitArguments.Of(rule))
        {
            double max = double.Parse(text, CultureInfo.InvariantCulture);
            if (Measure(limit, was, now) is { } value) measured.Add((limit, value, max));
        }
        var over = measured.Where(m => m.Value > m.Max).ToList();
        string Describe((string Limit, double Value, double Max) m) => string.Create(CultureInfo.InvariantCulture, $"{m.Limit[..^"_at_most".Length]} {m.Value:0.####} (at most {m.Max:0.####})");
        if (over.Count > 0) return (false, over[0].Value, $"drifted since run {Short(baseline.RunId)}: {string.Join(", ", over.Select(Describe))}");
        return (true, measured.Count > 0 ? measured[0].Value : null, measured.Count == 0 ? "no limit applies to this column's kind" : null);
    }

    private static double? Measure(string limit, ColumnMetrics was, ColumnMetrics now) => limit switch
    {
        "psi_at_most" => PopulationStability.Compute(was, now)?.Psi,
        "ks_at_most" => TwoSampleKs.Compute(was, now)?.D,
        "js_at_most" => JensenShannon.Distance(was, now)?.Distance,
        "chi_square_v_at_most" => ChiSquareHomogeneity.Compute(was, now)?.CramersV,
        "null_fraction_change_at_most" => Math.Abs(now.NullFraction - was.NullFraction),
        _ => was.DistinctEstimate > 0 && now.DistinctEstimate > 0
            ? (double)Math.Max(now.DistinctEstimate, was.DistinctEstimate) / Math.Min(now.DistinctEstimate, was.DistinctEstimate) - 1 : null,
    };

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
