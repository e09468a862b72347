using MathNet.Numerics.Distributions;

namespace Pipeline.Engine.Analyze.Stats;

/// <summary>Tests that a measure differs between groups: Welch's t test for two groups (no equal-variance
/// assumption), Kruskal–Wallis for more (ranks, so one extreme value cannot make a difference), each with η², the
/// share of the measure's variance the groups explain, as the effect size.</summary>
public static class MeanComparison
{
    /// <summary>The p-value and η² for <paramref name="groups"/> (each group's values, NaN-free; at least two groups
    /// with two values).</summary>
    public static (double P, double EtaSquared, string Test) Of(IReadOnlyList<double[]> groups)
    {
        double eta = EtaSquared(groups);
        if (groups.Count == 2) return (Welch(groups[0], groups[1]), eta, "welch_t");
        return (KruskalWallis(groups), eta, "kruskal_wallis");
    }

    /// <summary>Between-group sum of squares over total sum of squares.</summary>
    public static double EtaSquared(IReadOnlyList<double[]> groups)
    {
        double n = groups.Sum(g => g.Length);
        double grand = groups.Sum(g => g.Sum()) / n;
        double between = groups.Sum(g => g.Length * Math.Pow(g.Average() - grand, 2));
        double total = groups.Sum(g => g.Sum(v => (v - grand) * (v - grand)));
        return total <= 0 ? double.NaN : between / total;
    }

    /// <summary>Two-sided p of Welch's t test.</summary>
    public static double Welch(double[] a, double[] b)
    {
        double va = Variance(a), vb = Variance(b);
        double sa = va / a.Length, sb = vb / b.Length;
        if (sa + sb <= 0) return a.Average() == b.Average() ? 1 : 0;
        double t = (a.Average() - b.Average()) / Math.Sqrt(sa + sb);
        double df = (sa + sb) * (sa + sb) / (sa * sa / (a.Length - 1) + sb * sb / (b.Length - 1));
        return 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
    }

    /// <summary>p of the Kruskal–Wallis H test (chi-square approximation, with the correction for ties).</summary>
    public static double KruskalWallis(IReadOnlyList<double[]> groups)
    {
        var all = groups.SelectMany((g, k) => g.Select(v => (v, k))).OrderBy(x => x.v).ToArray();
        int n = all.Length;
        var rankSums = new double[groups.Count];
        double ties = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && all[j + 1].v == all[i].v) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) rankSums[all[k].k] += rank;
            double t = j - i + 1;
            ties += t * t * t - t;
            i = j + 1;
        }
        double h = 12.0 / (n * (n + 1.0)) * groups.Select((g, k) => rankSums[k] * rankSums[k] / g.Length).Sum() - 3 * (n + 1.0);
        double correction = 1 - ties / ((double)n * n * n - n);
        if (correction <= 0) return 1;
        h /= correction;
        return IndependenceTest.UpperTail(groups.Count - 1, h);
    }

    /// <summary>Sample variance (n − 1).</summary>
    public static double Variance(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }
}
