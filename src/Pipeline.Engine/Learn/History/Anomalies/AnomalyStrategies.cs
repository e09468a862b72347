using System.Globalization;
using Pipeline.Core.Errors;

namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// The anomaly strategies by name, each built from its parameters as written in a spec
/// (e.g. <c>{strategy: relative_rate_of_change, max_decrease: 0.5, max_increase: 2.0}</c>).
/// </summary>
public static class AnomalyStrategies
{
    private sealed record Entry(string[] Parameters, Func<Func<string, double?>, IAnomalyStrategy> Create);

    private static readonly Dictionary<string, Entry> ByName = new(StringComparer.Ordinal)
    {
        ["adaptive_normal"] = new(["min_history"], p => new AdaptiveNormalStrategy { MinHistory = Count(p("min_history")) ?? 5 }),
        ["absolute_change"] = new(["max_decrease", "max_increase"], p => new AbsoluteChangeStrategy(p("max_decrease"), p("max_increase"))),
        ["relative_rate_of_change"] = new(["max_decrease", "max_increase"], p => new RelativeRateOfChangeStrategy(p("max_decrease"), p("max_increase"))),
        ["simple_thresholds"] = new(["lower", "upper"], p => new SimpleThresholdStrategy(p("lower"), p("upper"))),
        ["online_normal"] = new(["lower_deviations", "upper_deviations", "min_history"], p => new OnlineNormalStrategy(p("lower_deviations") ?? 3, p("upper_deviations") ?? 3)
            { MinHistory = Count(p("min_history")) ?? 3 }),
        ["batch_normal"] = new(["lower_deviations", "upper_deviations", "min_history"], p => new BatchNormalStrategy(p("lower_deviations") ?? 3, p("upper_deviations") ?? 3)
            { MinHistory = Count(p("min_history")) ?? 3 }),
        ["holt_winters"] = new(["season", "deviations"], p => new HoltWintersStrategy(Count(p("season")) ?? 7, p("deviations") ?? 3)),
    };

    /// <summary>Every strategy name.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>Builds the strategy <paramref name="name"/> from <paramref name="parameters"/> (numbers as text).</summary>
    /// <exception cref="PipelineException">Kind InvalidInput: an unknown strategy or parameter, or a parameter that is not a number.</exception>
    public static IAnomalyStrategy Create(string name, IReadOnlyDictionary<string, string> parameters, string where)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!ByName.TryGetValue(name, out var entry))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{where}: unknown anomaly strategy '{name}' (one of {string.Join(", ", ByName.Keys)})");
        foreach (var key in parameters.Keys.Where(k => !entry.Parameters.Contains(k)))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{where}: strategy '{name}' takes {string.Join(", ", entry.Parameters)}, not '{key}'");
        return entry.Create(key =>
        {
            if (!parameters.TryGetValue(key, out var text)) return null;
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                : throw new PipelineException(PipelineErrorKind.InvalidInput, $"{where}: '{key}' must be a number, not '{text}'");
        });
    }

    private static int? Count(double? value) => value is { } v ? Math.Max(1, (int)Math.Round(v)) : null;
}
