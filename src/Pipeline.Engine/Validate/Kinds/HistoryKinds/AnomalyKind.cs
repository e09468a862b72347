using System.Globalization;
using Pipeline.Core.Errors;
using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Learn.History.Anomalies;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.HistoryKinds;

/// <summary><c>anomaly: {metric: row_count, strategy: relative_rate_of_change, max_decrease: 0.5, max_increase: 2.0}</c>:
/// the metric of this run is within what the strategy expects from the dataset's earlier runs. <c>metric</c> is
/// <c>row_count</c> (no <c>column:</c>), or <c>null_fraction</c> or <c>mean</c> of the rule's <c>column:</c>;
/// <c>strategy</c> is one of <see cref="AnomalyStrategies.Names"/> (default <c>adaptive_normal</c>) with its parameters.</summary>
internal sealed class AnomalyKind : HistoryRuleKind
{
    private static readonly string[] Metrics = ["row_count", "null_fraction", "mean"];
    private static readonly string[] Parameters =
        ["max_decrease", "max_increase", "lower", "upper", "lower_deviations", "upper_deviations", "min_history", "season", "deviations"];

    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Anomaly;

    /// <inheritdoc />
    public override bool NeedsColumn => false;

    /// <inheritdoc />
    public override bool ColumnOptional => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value)
    {
        var pairs = LimitArguments.Read(y, value, YamlKey, ["metric", "strategy", .. Parameters], k => Parameters.Contains(k)).ToList();
        var args = LimitArguments.Of(pairs);
        if (!args.TryGetValue("metric", out var metric) || !Metrics.Contains(metric))
            throw y.Error(value, $"'anomaly' needs 'metric:' (one of {string.Join(", ", Metrics)})");
        if (metric == "row_count" && rule.Column is not null) throw y.Error(value, "'anomaly' on row_count does not take 'column:'");
        if (metric != "row_count" && rule.Column is null) throw y.Error(value, $"'anomaly' on {metric} needs 'column:'");
        if (!args.ContainsKey("strategy")) pairs.Add("strategy=adaptive_normal");
        try { Strategy(pairs); }
        catch (PipelineException ex) { throw y.Error(value, ex.Message); }
        return rule with { Values = pairs };
    }

    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => LimitArguments.Write(rule.Values!);

    /// <inheritdoc />
    public override (bool Passed, double? Observed, string? Message) Check(Rule rule, HistoryComparison history)
    {
        var args = LimitArguments.Of(rule);
        var metric = args["metric"];
        var strategy = Strategy(rule.Values!);
        double? Of(Core.History.RunRecord run) => metric switch
        {
            "row_count" => run.RowsRead,
            "null_fraction" => run.Columns.FirstOrDefault(c => c.Name == rule.Column) is { Rows: > 0 } c ? c.NullFraction : null,
            _ => run.Columns.FirstOrDefault(c => c.Name == rule.Column)?.Mean,
        };
        if (Of(history.Current) is not { } value) return (false, null, $"this run has no {metric} for column '{rule.Column}' (not profiled, or no values)");
        var series = history.Earlier.Reverse().Select(Of).OfType<double>().ToList();
        if (strategy.Expect(series) is not { } range)
            return (true, value, $"{series.Count} earlier runs: not enough history for {strategy.Name} yet");
        if (range.Contains(value)) return (true, value, null);
        return (false, value, string.Create(CultureInfo.InvariantCulture,
            $"{metric} {value:0.####} is outside {range.Lower:0.####} to {range.Upper:0.####} ({strategy.Name} over {series.Count} earlier runs)"));
    }

    private static IAnomalyStrategy Strategy(IReadOnlyList<string> pairs)
    {
        var args = LimitArguments.Of(pairs);
        var parameters = args.Where(a => a.Key is not ("metric" or "strategy")).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return AnomalyStrategies.Create(args.GetValueOrDefault("strategy", "adaptive_normal"), parameters, "anomaly");
    }
}
