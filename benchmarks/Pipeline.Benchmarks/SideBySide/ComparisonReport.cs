using System.Globalization;
using Pipeline.Benchmarks.Data;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>Everything one comparison run measured, plus what is needed to reproduce and judge it.</summary>
/// <param name="Started">When the run started (UTC).</param>
/// <param name="Machine">The hardware and runtime.</param>
/// <param name="Dataset">The data set (rows, paths).</param>
/// <param name="Runs">Timed runs per case.</param>
/// <param name="PeerVersions">Versions and settings of the peers (DuckDB version and threads, ParquetSharp version).</param>
/// <param name="Results">One result per case, in run order.</param>
/// <param name="Load">Load averages (1/5/15 min) at the start and the end of the run, when known.</param>
public sealed record ComparisonReport(
    DateTimeOffset Started,
    MachineInfo Machine,
    BenchDataset Dataset,
    int Runs,
    IReadOnlyList<string> PeerVersions,
    IReadOnlyList<CaseResult> Results,
    string Load)
{
    /// <summary>Size in bytes of the input of a group (the CSV for CSV groups, the Parquet file otherwise).</summary>
    public long InputBytes(string group)
        => new FileInfo(group == ComparisonCases.ParquetRead ? Dataset.ParquetPath : Dataset.CsvPath).Length;

    /// <summary>Pipeline's best time divided by each peer's best time in the same group (below 1: Pipeline is faster).
    /// Pairs where either side has no valid measurement are listed with a null ratio.</summary>
    public IEnumerable<(string Group, CaseResult Pipeline, CaseResult Peer, double? Ratio)> Ratios()
    {
        foreach (var group in Results.GroupBy(r => r.Case.Group))
            foreach (var ours in group.Where(r => r.Case.IsPipeline))
                foreach (var peer in group.Where(r => !r.Case.IsPipeline))
                    yield return (group.Key, ours, peer, ours.Best is { } a && peer.Best is { } b && b > 0 ? a / b : null);
    }

    /// <summary>The timing cells of a result: each run, best, rows/s and input MB/s; or its problem.</summary>
    public (string Runs, string Best, string RowsPerSecond, string MegabytesPerSecond) Cells(CaseResult result)
    {
        if (result.Best is not { } best)
            return (result.Problem ?? "no runs", "n/a", "n/a", "n/a");
        var runs = string.Join(" / ", result.Seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)));
        double rowsPerSecond = Dataset.Rows / best;
        double mbPerSecond = InputBytes(result.Case.Group) / best / 1e6;
        return (runs, best.ToString("F3", CultureInfo.InvariantCulture),
                FormatRate(rowsPerSecond), mbPerSecond.ToString("F0", CultureInfo.InvariantCulture));
    }

    private static string FormatRate(double rowsPerSecond)
        => rowsPerSecond >= 1e6 ? (rowsPerSecond / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " M"
            : (rowsPerSecond / 1e3).ToString("F0", CultureInfo.InvariantCulture) + " k";
}
