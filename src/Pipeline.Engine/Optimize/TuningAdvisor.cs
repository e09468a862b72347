using System.Globalization;
using Pipeline.Core.History;
using Pipeline.Core.Options;

namespace Pipeline.Engine.Optimize;

/// <summary>
/// The optimize stage: picks a run's batch size from the history of the same dataset, before anything is read, and
/// says what it would change that it does not change itself. Low-risk choices apply (the batch size changes neither
/// results nor their order, a property the tests hold at any batch size); the memory limit and spill folder are only
/// recommended. Rules, in order (docs/history.md, "Self-tuning"):
/// <list type="number">
/// <item>A batch size set explicitly (spec, flag, environment, code) is kept.</item>
/// <item>Measured speed: when earlier completed runs of the dataset used different batch sizes, at least
/// <see cref="RunsPerSetting"/> each, and one setting's median rows per second beats the current choice's by
/// <see cref="MinimumGain"/> or more, that setting is used.</item>
/// <item>Width: when the rows the dataset's last run recorded are wide enough that one batch of the options' default
/// size would hold more than <see cref="TargetBatchBytes"/>, batches shrink to fit (a power of two, at least
/// <see cref="MinimumBatchSize"/> rows): on a 400-column table a 65,536-row batch is 200 MB per batch in flight,
/// while 4,096 rows ran as fast with 130 MB less peak memory (benchmarks/RESULTS.md).</item>
/// </list>
/// </summary>
public static class TuningAdvisor
{
    /// <summary>The most bytes one batch should hold when the batch size is derived from the row width.</summary>
    public const long TargetBatchBytes = 16L << 20;

    /// <summary>The smallest batch the width rule picks: below it per-batch overhead starts to show.</summary>
    public const int MinimumBatchSize = 4_096;

    /// <summary>Runs per batch size before their speeds are compared.</summary>
    public const int RunsPerSetting = 2;

    /// <summary>How much faster (median rows per second) a measured setting must be to replace the current one: less
    /// is within the run-to-run noise of a shared machine.</summary>
    public const double MinimumGain = 1.15;

    /// <summary>The decision for a run with <paramref name="options"/> over a dataset whose completed runs, newest
    /// first, are <paramref name="history"/> (empty when none or when the run keeps no history).</summary>
    public static TuningDecision Decide(PipelineOptions options, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(history);
        int policy = options.BatchSize;
        var recommendations = Recommendations(options, history);
        if (options.BatchSizeIsExplicit)
            return new(policy, options.MaxDegreeOfParallelism, false, $"batch size {Count(policy)} set explicitly", recommendations);
        if (history.Count == 0)
            return new(policy, options.MaxDegreeOfParallelism, false, "no earlier run of this dataset: the options' default batch size", recommendations);

        var (choice, reason) = ByWidth(policy, history);
        if (Measured(history, choice) is { } faster)
            (choice, reason) = faster;
        return new(choice, options.MaxDegreeOfParallelism, choice != policy, reason, recommendations);
    }

    private static (int BatchSize, string Reason) ByWidth(int policy, IReadOnlyList<RunRecord> history)
    {
        var last = history.FirstOrDefault(r => r.Columns.Count > 0);
        if (last is null || RowWidth.Of(last.Columns) is not { } width)
            return (policy, "the dataset's runs recorded no columns: the options' default batch size");
        double batchBytes = width * policy;
        if (batchBytes <= TargetBatchBytes)
            return (policy, string.Create(CultureInfo.InvariantCulture,
                $"rows of about {width:0} bytes ({last.Columns.Count} columns): {Count(policy)}-row batches hold {Mb(batchBytes)}, within {Mb(TargetBatchBytes)}"));
        int rows = MinimumBatchSize;
        while (rows * 2 <= policy && width * rows * 2 <= TargetBatchBytes) rows *= 2;
        return (rows, string.Create(CultureInfo.InvariantCulture,
            $"wide rows of about {width:0} bytes ({last.Columns.Count} columns): {Count(rows)}-row batches hold {Mb(width * rows)} where {Count(policy)} would hold {Mb(batchBytes)}"));
    }

    /// <summary>A measured setting faster than <paramref name="current"/> by <see cref="MinimumGain"/>, if any.</summary>
    private static (int BatchSize, string Reason)? Measured(IReadOnlyList<RunRecord> history, int current)
    {
        var bySetting = history
            .Where(r => r.BatchSize is > 0 && r.DurationSeconds > 0 && r.RowsRead > 0)
            .GroupBy(r => r.BatchSize!.Value)
            .Where(g => g.Count() >= RunsPerSetting)
            .ToDictionary(g => g.Key, g => (Speed: Median(g.Select(r => r.RowsRead / r.DurationSeconds)), Runs: g.Count()));
        if (bySetting.Count < 2 || !bySetting.TryGetValue(current, out var baseline)) return null;
        var best = bySetting.MaxBy(kv => kv.Value.Speed);
        double gain = best.Value.Speed / baseline.Speed;
        if (best.Key == current || gain < MinimumGain) return null;
        return (best.Key, string.Create(CultureInfo.InvariantCulture,
            $"history: {gain:0.00}x faster than {Count(current)} on this dataset ({Count(best.Key)}-row batches, median of {best.Value.Runs} runs against {baseline.Runs})"));
    }

    private static List<string> Recommendations(PipelineOptions options, IReadOnlyList<RunRecord> history)
    {
        var result = new List<string>();
        var recent = history.Take(5).Where(r => r.SpilledBytes is not null).ToList();
        var spilling = recent.Where(r => r.SpilledBytes > 0).ToList();
        if (recent.Count > 0 && spilling.Count * 2 > recent.Count)
        {
            long most = spilling.Max(r => r.SpilledBytes!.Value);
            long suggested = RoundUpToGiB(options.MemoryLimit + most);
            result.Add(string.Create(CultureInfo.InvariantCulture,
                $"{spilling.Count} of the last {recent.Count} runs spilled (up to {Mb(most)}): --memory-limit {suggested >> 30}GiB would keep them in memory, if the machine has it; or put the spill folder (options.spill_dir) on the fastest local disk"));
        }
        return result;
    }

    private static long RoundUpToGiB(long bytes) => (bytes + (1L << 30) - 1) & ~((1L << 30) - 1);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Count(int rows) => rows.ToString("N0", CultureInfo.InvariantCulture);

    private static string Mb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):0.#} MiB");
}
