using System.Globalization;
using System.Text;
using Pipeline.Core.History;
using Pipeline.Engine.Learn.History;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.Learn.History;

/// <summary>Drift on generated daily loads with fixed seeds, through the real profiler: the same process raises
/// nothing, a 0.5 standard deviation mean shift and a 10-point category mix change are found.</summary>
public class DriftDetectorTests : IDisposable
{
    private const int Rows = 20_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("pipeline-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ten_runs_of_the_same_process_raise_no_drift()
    {
        RunRecord? previous = null;
        for (int seed = 1; seed <= 10; seed++)
        {
            var run = await Load(seed, mean: 100, mix: [0.5, 0.3, 0.2], nullShare: 0.05);
            if (previous is not null)
            {
                var report = DriftDetector.Compare(previous, run);
                Assert.Empty(report.Drift);
                Assert.Empty(report.SchemaChanges);
            }
            previous = run;
        }
    }

    [Fact]
    public async Task A_half_standard_deviation_mean_shift_is_found_on_that_column_only()
    {
        var baseline = await Load(1, mean: 100, mix: [0.5, 0.3, 0.2], nullShare: 0.05);
        var shifted = await Load(2, mean: 105, mix: [0.5, 0.3, 0.2], nullShare: 0.05);
        var drift = DriftDetector.Compare(baseline, shifted).Drift;
        Assert.Equal([("amount", "psi"), ("amount", "ks")], drift.Select(d => (d.Column, d.Metric)));
        Assert.InRange(drift[0].Value, 0.2, 0.35);
        Assert.All(drift, d => Assert.Equal(baseline.RunId, d.BaselineRun));
        // D of two normals half a standard deviation apart is 2Φ(0.25) − 1 ≈ 0.197.
        Assert.InRange(drift[1].Value, 0.16, 0.24);
        Assert.True(drift[1].PValue < 1e-10);
        Assert.Null(drift[0].PValue);
    }

    [Fact]
    public async Task A_ten_point_category_mix_change_is_found()
    {
        var baseline = await Load(1, mean: 100, mix: [0.5, 0.3, 0.2], nullShare: 0.05);
        var changed = await Load(2, mean: 100, mix: [0.4, 0.4, 0.2], nullShare: 0.05);
        var drift = DriftDetector.Compare(baseline, changed).Drift;
        Assert.Equal([("region", "js_distance"), ("region", "chi_square")], drift.Select(d => (d.Column, d.Metric)));
        // Cramér's V of 0.5/0.3/0.2 against 0.4/0.4/0.2 is about 0.1.
        Assert.InRange(drift[1].Value, 0.07, 0.13);
        Assert.True(drift[1].PValue < 1e-10);
    }

    [Fact]
    public async Task A_null_fraction_change_and_schema_changes_are_found()
    {
        var baseline = await Load(1, mean: 100, mix: [0.5, 0.3, 0.2], nullShare: 0.05);
        var changed = await Load(2, mean: 100, mix: [0.5, 0.3, 0.2], nullShare: 0.25, extraColumn: true);
        var report = DriftDetector.Compare(baseline, changed);
        var nulls = Assert.Single(report.Drift);
        Assert.Equal(("amount", "null_fraction_change"), (nulls.Column, nulls.Metric));
        Assert.InRange(nulls.Value, 0.17, 0.23);
        var added = Assert.Single(report.SchemaChanges);
        Assert.Equal(("note", "added"), (added.Column, added.Change));
    }

    [Fact]
    public void Small_samples_raise_the_threshold_above_their_noise()
    {
        // 50 values a side: chance alone gives PSI around 0.3, so the 0.2 default would cry wolf.
        Assert.True(SamplingNoise.Psi(8, 50, 50) > 0.5);
        Assert.True(SamplingNoise.Psi(8, 20_000, 20_000) < 0.01);
        Assert.True(SamplingNoise.JsDistance(4, 20_000, 20_000) < 0.02);
    }

    /// <summary>One daily load: amount ~ N(mean, 10) with some nulls, region drawn from a three-way mix.</summary>
    private async Task<RunRecord> Load(int seed, double mean, double[] mix, double nullShare, bool extraColumn = false)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(extraColumn ? "amount,region,note\n" : "amount,region\n");
        for (int i = 0; i < Rows; i++)
        {
            // Box–Muller: a normal value from two uniforms.
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            string amount = random.NextDouble() < nullShare ? "" : (mean + 10 * z).ToString("0.000", CultureInfo.InvariantCulture);
            double u = random.NextDouble();
            string region = u < mix[0] ? "north" : u < mix[0] + mix[1] ? "south" : "east";
            csv.Append(amount).Append(',').Append(region).Append(extraColumn ? ",x\n" : "\n");
        }
        var path = Path.Combine(_dir, $"sales_{seed}_{mean}_{mix[0]}_{nullShare}_{extraColumn}.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        var profile = await FileProfiler.ProfileAsync(path);
        return new RunRecord
        {
            RunId = $"run-{seed}", Dataset = "sales", Command = "run", Status = "ok",
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch, Columns = HistoryColumns.From(profile),
        };
    }
}
