using System.Globalization;
using Pipeline.Core.History;
using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// Turns suggestions made from one file into suggestions that hold over the dataset's recent runs: ranges widened to
/// what the runs saw (then padded as <see cref="RuleSuggester"/> pads), value sets joined with the values the runs
/// saw (while the sets stay complete and small), and <c>not_null</c> / <c>non_negative</c> dropped when a run broke
/// them. One file is one day; rules learned from one day fire on the next.
/// </summary>
public static class HistorySuggestions
{
    /// <summary>The suggestions adjusted to <paramref name="runs"/> (earlier runs of the dataset with column metrics).</summary>
    /// <param name="suggestions">What the input alone suggests.</param>
    /// <param name="input">The input's own column metrics (its observed ranges).</param>
    /// <param name="runs">The dataset's earlier runs.</param>
    public static IReadOnlyList<SuggestedRule> Widen(IReadOnlyList<SuggestedRule> suggestions, IReadOnlyList<ColumnMetrics> input, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(suggestions);
        ArgumentNullException.ThrowIfNull(runs);
        var profiled = runs.Where(r => r.Columns.Count > 0).ToList();
        if (profiled.Count == 0) return suggestions;
        var list = new List<SuggestedRule>();
        foreach (var s in suggestions)
        {
            var history = profiled.Select(r => r.Columns.FirstOrDefault(c => c.Name == s.Rule.Column)).OfType<ColumnMetrics>().ToList();
            if (history.Count == 0) { list.Add(s); continue; }
            var adjusted = s.Rule.Kind switch
            {
                RuleKind.NotNull when history.Any(c => c.Nulls > 0) => null,
                RuleKind.NonNegative when history.Any(c => Number(c.Min) < 0) => null,
                RuleKind.Between => Between(s, [.. history, .. input.Where(c => c.Name == s.Rule.Column)], profiled.Count),
                RuleKind.InSet => InSet(s, history, profiled.Count),
                _ => s,
            };
            if (adjusted is not null) list.Add(adjusted);
        }
        return list;
    }

    private static SuggestedRule Between(SuggestedRule s, List<ColumnMetrics> history, int runs)
    {
        var mins = history.Select(c => Number(c.Min)).OfType<double>().ToList();
        var maxs = history.Select(c => Number(c.Max)).OfType<double>().ToList();
        if (mins.Count == 0 || maxs.Count == 0 || s.Rule.Low is not { } lo0 || s.Rule.High is not { } hi0) return s;
        // The input's own metrics are among the columns: the range is over the input and the runs together.
        double min = mins.Min(), max = maxs.Max();
        double pad = max > min ? (max - min) * RuleSuggester.Margin : Math.Max(1, Math.Abs(max) * RuleSuggester.Margin);
        double lo = Math.Min(lo0, min - pad), hi = Math.Max(hi0, max + pad);
        if (lo0 >= 0 && lo < 0 && mins.Min() >= 0) lo = 0;
        if (lo == lo0 && hi == hi0) return s with { Why = $"{s.Why}; holds over the last {Runs(runs)}" };
        bool integral = lo0 == Math.Floor(lo0) && hi0 == Math.Floor(hi0);
        lo = integral ? Math.Floor(lo) : Math.Floor(lo * 1e6) / 1e6;
        hi = integral ? Math.Ceiling(hi) : Math.Ceiling(hi * 1e6) / 1e6;
        return new SuggestedRule(s.Rule with { Low = lo, High = hi },
            $"observed [{F(min)}, {F(max)}] over this file and the last {Runs(runs)}, widened by {RuleSuggester.Margin:P0} of the range");
    }

    private static SuggestedRule? InSet(SuggestedRule s, List<ColumnMetrics> history, int runs)
    {
        // A run's top values say all of its values only when they account for every non-null row.
        if (history.Any(c => c.TopValues.Sum(t => t.Count) < c.Rows - c.Nulls)) return null;
        var values = (s.Rule.Values ?? []).Concat(history.SelectMany(c => c.TopValues.Select(t => t.Value))).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        if (values.Count > RuleSuggester.MaxSetSize) return null;
        return new SuggestedRule(s.Rule with { Values = values }, $"{values.Count} distinct values over this file and the last {Runs(runs)}");
    }

    private static string Runs(int n) => n == 1 ? "run" : $"{n} runs";

    private static double? Number(string? text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static string F(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
