using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>Spearman's rho from ranks computed once per column equals the pairwise computation, ties, constant columns
/// and missing values included.</summary>
public class SampleRanksTests
{
    [Fact]
    public void CachedRanksGiveThePairwiseSpearman()
    {
        var random = new Random(5);
        var rows = new List<RowSample.SampledRow>();
        for (int i = 0; i < 500; i++)
        {
            double x = random.Next(0, 20);                                   // many ties
            double y = x * 2 + random.NextDouble() * 10;                     // related to x
            double z = random.NextDouble();                                  // independent
            double constant = 7;
            double withGaps = i % 9 == 0 ? double.NaN : random.NextDouble(); // missing in some rows
            rows.Add(new RowSample.SampledRow((ulong)i, [x, y, z, constant, withGaps], []));
        }
        var ranks = new SampleRanks(rows, 5);
        Assert.True(ranks.Covers(0, 1));
        Assert.False(ranks.Covers(0, 4));
        for (int a = 0; a < 5; a++)
            for (int b = a + 1; b < 5; b++)
            {
                var (pairwise, pairwiseRows) = SampleCorrelations.Spearman(rows, a, b);
                var (cached, cachedRows) = SampleCorrelations.Spearman(rows, a, b, ranks);
                Assert.Equal(pairwiseRows, cachedRows);
                if (double.IsNaN(pairwise)) Assert.True(double.IsNaN(cached), $"({a},{b}) {cached}");
                else Assert.True(Math.Abs(pairwise - cached) < 1e-12, $"({a},{b}) {pairwise} vs {cached}");
            }
        Assert.True(SampleCorrelations.Spearman(rows, 0, 1, ranks).Value > 0.8);
    }
}
