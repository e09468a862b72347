using Pipeline.Core.Errors;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>Profiles of separate files, saved and merged through profile.state, equal the profile of their union.</summary>
public class ProfileStateTests
{
    [Fact]
    public async Task MergingSavedPartitionStatesGivesTheProfileOfTheWholeFile()
    {
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(Corpus.Path("seaborn-data", "diamonds.csv"));
        int cut = 20_011;
        File.WriteAllLines(dir.File("a.csv"), lines.Take(cut));
        File.WriteAllLines(dir.File("b.csv"), lines.Take(1).Concat(lines.Skip(cut)));

        var whole = await FileProfiler.ProfileAsync(Corpus.Path("seaborn-data", "diamonds.csv"));
        foreach (var part in new[] { "a", "b" })
        {
            var (_, state) = await Profiler.ProfileWithStateAsync(FileFormats.OpenSource(dir.File(part + ".csv")));
            ProfileStateFile.Write(state, dir.File(part + ".state"));
        }
        var merged = Profiler.Merge([dir.File("a.state"), dir.File("b.state")]);

        Assert.Equal(whole.RowCount, merged.RowCount);
        Assert.Equal(146, merged.DuplicateRowCount); // duplicates across the two files are found too
        for (int i = 0; i < whole.Columns.Count; i++)
        {
            var e = whole.Columns[i];
            var a = merged.Columns[i];
            Assert.Equal(e.Count, a.Count);
            Assert.Equal(e.NullCount, a.NullCount);
            Assert.Equal(e.Min, a.Min);
            Assert.Equal(e.Max, a.Max);
            Assert.Equal(e.Mean is null, a.Mean is null);
            if (e.Mean is { } mean) Assert.Equal(mean, a.Mean!.Value, 9);
            if (e.Stddev is { } sd) Assert.Equal(sd, a.Stddev!.Value, 9);
            if (e.TopValuesExact) Assert.Equal(e.TopValues, a.TopValues);
            if (e.DistinctExact) Assert.Equal(e.DistinctCount, a.DistinctCount);
        }
        var pearson = merged.Correlations.Single(c => c.Method == "pearson" && c.A == "carat" && c.B == "price");
        Assert.Equal(0.92159, pearson.Value, 4);
    }

    [Fact]
    public async Task StatesOfDifferentSchemasAreRefused()
    {
        using var dir = new TempDirectory();
        foreach (var (name, file) in new[] { ("a", "iris.csv"), ("b", "tips.csv") })
        {
            var (_, state) = await Profiler.ProfileWithStateAsync(FileFormats.OpenSource(Corpus.Path("seaborn-data", file)));
            ProfileStateFile.Write(state, dir.File(name + ".state"));
        }
        var error = Assert.Throws<PipelineException>(() => Profiler.Merge([dir.File("a.state"), dir.File("b.state")]));
        Assert.Equal(PipelineErrorKind.Schema, error.Kind);
    }

    [Fact]
    public void AFileThatIsNotAStateIsBadInput()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("x.state", "not a state");
        Assert.Equal(PipelineErrorKind.InvalidInput, Assert.Throws<PipelineException>(() => Profiler.Merge([path])).Kind);
    }
}
