using Pipeline.Engine.Analyze.Relations;
using Pipeline.Engine.Learn;
using Pipeline.Engine.Results;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Cross-column rules that hold in the data (<see cref="ColumnRelations"/>): each finding states the rule,
/// its support and confidence, and carries it ready to paste (<see cref="Insight.Rule"/>), as <c>pipeline suggest</c>
/// offers it too. A rule that holds is a fact about the data, not a problem: <c>info</c>, ranked below the segment
/// and correlation headlines.</summary>
internal static class RelationInsights
{
    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        var sample = inputs.Data.Sample;
        foreach (var r in ColumnRelations.Find(sample, inputs.Profile))
        {
            string over = sample.IsComplete ? Count(r.Support, "row") : $"{Count(r.Support, "sampled row")} of {Count(sample.TotalRows)}";
            var (kind, score) = r.Kind switch
            {
                "sum" => ("sum_rule", 62.0),
                "order" => ("order_rule", 58.0),
                "conditional_constant" => ("conditional_rule", 56.0),
                _ => ("one_to_one", 54.0),
            };
            string rule = RulesYaml.Flow(r.Rule);
            string action = r.Kind == "one_to_one"
                ? $"Keep one of {r.Columns[0]} and {r.Columns[1]} in models (they carry the same information); check new loads with `{rule}`."
                : $"Check it in future loads with `{rule}`.";
            yield return new Insight(kind, $"{r.Statement} in all {over} where it applies", score, InsightSeverity.Info, r.Columns,
                Evidence.Of(("support", r.Support), ("confidence", r.Confidence), ("sample_rows", sample.Rows), ("rows", sample.TotalRows),
                    ("tolerance", r.Rule.Tolerance)), r.Confidence, action)
            { Sources = ["relations"], Rule = rule };
        }
    }
}
