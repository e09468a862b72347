using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Sampling;
using Pipeline.Engine.Analyze.Segments;

namespace Pipeline.Engine.Analyze.Groups;

/// <summary>
/// "Same summary, different shape" (Anscombe's quartet): for each grouping column of the sample and each pair of
/// numeric columns, each group's means, variances, correlation and least-squares line. When every group has the same
/// summary (means within <see cref="MeanTolerance"/> standard deviations, variances within a ratio of
/// <see cref="VarianceRatio"/>, correlations within <see cref="CorrelationTolerance"/>) but the groups' shapes differ
/// (one curved, one with a single outlier, one whose x takes one or two values), the summary statistics hide what the
/// groups are, and the pooled correlation is a trap.
/// </summary>
public static class GroupShapes
{
    /// <summary>Largest difference of group means, in pooled standard deviations, still called the same.</summary>
    public const double MeanTolerance = 0.05;
    /// <summary>Largest ratio of group variances still called the same.</summary>
    public const double VarianceRatio = 1.1;
    /// <summary>Largest spread of group correlations still called the same.</summary>
    public const double CorrelationTolerance = 0.05;
    /// <summary>Gain in R² of a quadratic over a line from which a group is called curved.</summary>
    public const double CurvedGain = 0.1;
    /// <summary>Standardised residual from which a single point is an outlier.</summary>
    public const double OutlierResidual = 2.5;
    /// <summary>Fewest rows a group needs.</summary>
    public const int MinGroupRows = 5;
    /// <summary>Most numeric columns paired.</summary>
    public const int MaxNumericColumns = 12;

    /// <summary>The groupings whose groups share a summary but not a shape.</summary>
    public static IReadOnlyList<GroupShapeFinding> Find(TableSample sample, ProfileReport profile)
    {
        var found = new List<GroupShapeFinding>();
        var (segments, _) = ColumnRoles.Of(sample, profile);
        var numbers = sample.Columns.Where(c => c.IsNumeric
            && profile.Columns.FirstOrDefault(p => p.Name == c.Name) is { SemanticType: not "id" }).Take(MaxNumericColumns).ToList();
        foreach (var segment in segments.Where(s => !s.Binned && sample.Find(s.Column) is { IsNumeric: false }))
            for (int a = 0; a < numbers.Count; a++)
                for (int b = a + 1; b < numbers.Count; b++)
                    if (Check(segment, numbers[a], numbers[b]) is { } finding) found.Add(finding);
        return found;
    }

    private static GroupShapeFinding? Check(Segment segment, SampleColumn xColumn, SampleColumn yColumn)
    {
        var groups = new List<GroupShape>();
        for (int level = 0; level < segment.Levels.Count; level++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < segment.Codes.Length; i++)
                if (segment.Codes[i] == level && double.IsFinite(xColumn.Numbers![i]) && double.IsFinite(yColumn.Numbers![i]))
                {
                    xs.Add(xColumn.Numbers[i]);
                    ys.Add(yColumn.Numbers[i]);
                }
            if (xs.Count < MinGroupRows) continue;
            if (Shape(segment.Levels[level], [.. xs], [.. ys]) is not { } shape) return null;
            groups.Add(shape);
        }
        if (groups.Count < 2 || !SameSummary(groups)) return null;
        var kinds = groups.Select(g => g.Form).Distinct().Count();
        return kinds < 2 ? null : new GroupShapeFinding(segment.Column, xColumn.Name, yColumn.Name, groups);
    }

    private static bool SameSummary(List<GroupShape> groups)
    {
        double sdX = Math.Sqrt(groups.Average(g => g.VarianceX)), sdY = Math.Sqrt(groups.Average(g => g.VarianceY));
        bool Close(Func<GroupShape, double> f, double scale) => groups.Max(f) - groups.Min(f) <= MeanTolerance * scale;
        bool Ratio(Func<GroupShape, double> f) => groups.Min(f) > 0 && groups.Max(f) / groups.Min(f) <= VarianceRatio;
        return Close(g => g.MeanX, sdX) && Close(g => g.MeanY, sdY) && Ratio(g => g.VarianceX) && Ratio(g => g.VarianceY)
            && groups.Max(g => g.Pearson) - groups.Min(g => g.Pearson) <= CorrelationTolerance;
    }

    /// <summary>One group's summary and shape; null when a side is constant (no correlation to compare).</summary>
    private static GroupShape? Shape(string level, double[] x, double[] y)
    {
        int n = x.Length;
        double mx = x.Average(), my = y.Average();
        double sxx = x.Sum(v => (v - mx) * (v - mx)), syy = y.Sum(v => (v - my) * (v - my));
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        if (sxx <= 0 || syy <= 0) return null;
        double slope = sxy / sxx, intercept = my - slope * mx, r = sxy / Math.Sqrt(sxx * syy);
        var residuals = x.Zip(y, (a, b) => b - (intercept + slope * a)).ToArray();
        double sse = residuals.Sum(e => e * e);
        double residualSd = n > 2 ? Math.Sqrt(sse / (n - 2)) : 0;
        double maxResidual = residualSd > 0 ? residuals.Max(Math.Abs) / residualSd : 0;
        double linear = 1 - sse / syy;
        double quadratic = QuadraticRSquared(x, y, syy);
        int distinctX = x.Distinct().Count();
        string form = distinctX <= 2 ? "x_two_values"
            : quadratic - linear >= CurvedGain ? "curved"
            : maxResidual >= OutlierResidual ? "one_outlier"
            : "linear";
        return new GroupShape(level, n, mx, my, sxx / (n - 1), syy / (n - 1), r, slope, intercept, linear, quadratic, maxResidual, distinctX, form);
    }

    /// <summary>R² of y on x and x² (least squares through the 3×3 normal equations, x centred for conditioning).</summary>
    private static double QuadraticRSquared(double[] x, double[] y, double syy)
    {
        if (x.Distinct().Count() < 3) return double.NaN;
        double mx = x.Average();
        var m = new double[3, 4];
        for (int i = 0; i < x.Length; i++)
        {
            double[] row = [1, x[i] - mx, (x[i] - mx) * (x[i] - mx)];
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 3; b++) m[a, b] += row[a] * row[b];
                m[a, 3] += row[a] * y[i];
            }
        }
        var beta = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(3, 3, (i, j) => m[i, j])
            .Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(3, i => m[i, 3]));
        double sse = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - mx, e = y[i] - (beta[0] + beta[1] * d + beta[2] * d * d);
            sse += e * e;
        }
        return 1 - sse / syy;
    }
}

/// <summary>A grouping whose groups share their summary statistics but not their shape.</summary>
/// <param name="GroupColumn">The grouping column.</param>
/// <param name="X">The first numeric column.</param>
/// <param name="Y">The second.</param>
/// <param name="Groups">Each group's statistics and form.</param>
public sealed record GroupShapeFinding(string GroupColumn, string X, string Y, IReadOnlyList<GroupShape> Groups);

/// <summary>One group's summary and shape.</summary>
/// <param name="Group">The group's value.</param>
/// <param name="Rows">Rows with both values.</param>
/// <param name="MeanX">Mean of x.</param>
/// <param name="MeanY">Mean of y.</param>
/// <param name="VarianceX">Sample variance of x.</param>
/// <param name="VarianceY">Sample variance of y.</param>
/// <param name="Pearson">Pearson's r.</param>
/// <param name="Slope">Least-squares slope of y on x.</param>
/// <param name="Intercept">Its intercept.</param>
/// <param name="LinearRSquared">R² of the line.</param>
/// <param name="QuadraticRSquared">R² of a quadratic (NaN with fewer than three x values).</param>
/// <param name="MaxResidual">Largest |residual| of the line in residual standard deviations.</param>
/// <param name="DistinctX">Distinct x values.</param>
/// <param name="Form"><c>linear</c>, <c>curved</c>, <c>one_outlier</c> or <c>x_two_values</c>.</param>
public sealed record GroupShape(string Group, int Rows, double MeanX, double MeanY, double VarianceX, double VarianceY, double Pearson,
    double Slope, double Intercept, double LinearRSquared, double QuadraticRSquared, double MaxResidual, int DistinctX, string Form);
