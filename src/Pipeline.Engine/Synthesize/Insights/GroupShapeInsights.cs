using Pipeline.Engine.Analyze.Groups;
using Pipeline.Engine.Results;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>"Same summary, different shape" (<see cref="GroupShapes"/>): the groups' shared means, variances and
/// correlation, then what each group really looks like. It replaces the pooled correlation of the same pair, which
/// would read as a finding when it is the trap.</summary>
internal static class GroupShapeInsights
{
    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var f in GroupShapes.Find(inputs.Data.Sample, inputs.Profile))
        {
            var g = f.Groups;
            string forms = string.Join("; ", g.Select(s => $"{f.GroupColumn} = {s.Group} {Form(s)}"));
            var evidence = new List<(string, double)> { ("groups", g.Count), ("pearson_min", g.Min(s => s.Pearson)), ("pearson_max", g.Max(s => s.Pearson)) };
            foreach (var s in g)
            {
                evidence.Add(($"mean_x[{s.Group}]", s.MeanX));
                evidence.Add(($"mean_y[{s.Group}]", s.MeanY));
                evidence.Add(($"variance_x[{s.Group}]", s.VarianceX));
                evidence.Add(($"variance_y[{s.Group}]", s.VarianceY));
                evidence.Add(($"pearson[{s.Group}]", s.Pearson));
                evidence.Add(($"slope[{s.Group}]", s.Slope));
                evidence.Add(($"intercept[{s.Group}]", s.Intercept));
                evidence.Add(($"linear_r_squared[{s.Group}]", s.LinearRSquared));
                evidence.Add(($"quadratic_r_squared[{s.Group}]", s.QuadraticRSquared));
            }
            yield return new Insight("same_summary_different_shape",
                $"{f.X} and {f.Y} have the same summary in every {f.GroupColumn} (means {Num(g[0].MeanX)} and {Num(g[0].MeanY)}, variances {Num(g[0].VarianceX)} and {Num(g[0].VarianceY)}, r {Num(g.Min(s => s.Pearson), 2)} to {Num(g.Max(s => s.Pearson), 2)}, line y = {Num(g[0].Intercept, 2)} + {Num(g[0].Slope, 2)}x) but different shapes: {forms}",
                88, InsightSeverity.Info, [f.X, f.Y, f.GroupColumn], Evidence.Of([.. evidence]), 0.9,
                $"Plot {f.Y} against {f.X} for each {f.GroupColumn} before using the summary statistics or the pooled correlation; they hide the differences.")
            { Sources = ["groups"] };
        }
    }

    private static string Form(GroupShape s) => s.Form switch
    {
        "curved" => $"is curved (quadratic R² {Num(s.QuadraticRSquared, 2)} vs linear {Num(s.LinearRSquared, 2)})",
        "one_outlier" => $"is a line with one outlier ({Num(s.MaxResidual, 1)} residual SDs)",
        "x_two_values" => $"has x at only {s.DistinctX} values (one point sets the line)",
        _ => $"is linear (R² {Num(s.LinearRSquared, 2)})",
    };
}
