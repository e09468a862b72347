using Pipeline.Core.Options;
using Pipeline.Engine.Synthesize.Insights;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Runs the default pipeline (<c>pipeline run DATA</c>) into a run folder and reads its results back.</summary>
internal static class ReportRuns
{
    public static async Task<RunResults> RunDefaultAsync(string data, string runFolder, PipelineOptions? options = null)
    {
        var spec = DefaultSpec.For(data, options ?? new PipelineOptions());
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = runFolder });
        Assert.True(job.Succeeded, job.Error?.ToString());
        return ResultsJson.Read(Path.Combine(runFolder, SpecRunner.ResultsFileName));
    }

    /// <summary>The rank (0-based) of the first insight of <paramref name="kind"/> naming all <paramref name="columns"/>, or -1.</summary>
    public static int RankOf(IReadOnlyList<Insight> insights, string kind, params string[] columns)
    {
        for (int i = 0; i < insights.Count; i++)
            if (insights[i].Kind == kind && columns.All(insights[i].Columns.Contains)) return i;
        return -1;
    }

    public static string Describe(IReadOnlyList<Insight> insights)
        => string.Join("\n", insights.Select((x, i) => $"{i}: [{x.Kind}] {x.Score} {x.Title}"));
}
