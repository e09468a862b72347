using System.Numerics.Tensors;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// The average ranks of each numeric column over the row sample, centred and scaled to unit length, for the columns
/// that hold a finite value in every sampled row (null for the others, whose ranks depend on the pair's complete rows).
/// Spearman's rho of two such columns is then one dot product: a table of p numeric columns sorts p times instead of
/// p² times and correlates pairs with SIMD (a 400-column table spent minutes sorting the same sample per pair).
/// </summary>
internal sealed class SampleRanks
{
    private readonly double[]?[] _unitRanks;

    /// <param name="rows">The row sample.</param>
    /// <param name="numericColumns">Numeric columns in the sample.</param>
    public SampleRanks(IReadOnlyList<RowSample.SampledRow> rows, int numericColumns)
    {
        Rows = rows.Count;
        _unitRanks = new double[]?[numericColumns];
        if (rows.Count < 3) return;
        for (int a = 0; a < numericColumns; a++)
        {
            var values = new double[rows.Count];
            bool complete = true;
            for (int i = 0; i < rows.Count && complete; i++)
            {
                values[i] = rows[i].Numbers[a];
                complete = double.IsFinite(values[i]);
            }
            if (complete) _unitRanks[a] = Unit(SampleCorrelations.Ranks(values));
        }
    }

    /// <summary>Sampled rows (all of them are the pair's complete rows when both columns have cached ranks).</summary>
    public int Rows { get; }

    /// <summary>Whether both columns have cached ranks.</summary>
    public bool Covers(int a, int b) => _unitRanks[a] is not null && _unitRanks[b] is not null;

    /// <summary>Spearman's rho of two covered columns: NaN when either is constant over the sample.</summary>
    public double Rho(int a, int b)
    {
        var x = _unitRanks[a]!;
        var y = _unitRanks[b]!;
        if (x.Length == 0 || y.Length == 0) return double.NaN;
        return Math.Clamp(TensorPrimitives.Dot(x, y), -1, 1);
    }

    /// <summary>The ranks minus their mean, divided by their norm; empty for a constant column (no correlation).</summary>
    private static double[] Unit(double[] ranks)
    {
        double mean = TensorPrimitives.Sum(ranks) / ranks.Length;
        TensorPrimitives.Subtract(ranks, mean, ranks);
        double norm = TensorPrimitives.Norm(ranks);
        if (!(norm > 0)) return [];
        TensorPrimitives.Divide(ranks, norm, ranks);
        return ranks;
    }
}
