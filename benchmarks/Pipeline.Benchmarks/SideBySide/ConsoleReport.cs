using System.Globalization;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>Prints a comparison as aligned plain-text tables (no escape codes: output is often redirected).</summary>
public static class ConsoleReport
{
    /// <summary>Writes the results table and the ratio table.</summary>
    public static void Write(ComparisonReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Machine: {report.Machine}");
        output.WriteLine($"Peers:   {string.Join("; ", report.PeerVersions)}");
        output.WriteLine($"Data:    {report.Dataset.Rows:N0} rows; CSV {Size(report.Dataset.CsvPath)}, Parquet {Size(report.Dataset.ParquetPath)}");
        output.WriteLine($"Timing:  wall clock, 1 warm-up + {report.Runs} runs, best reported; load average {report.Load}");
        output.WriteLine();

        var rows = new List<string[]> { new[] { "group", "engine", "best s", "rows/s", "MB/s in", "runs s", "what" } };
        foreach (var result in report.Results)
        {
            var (runs, best, rowRate, byteRate) = report.Cells(result);
            rows.Add([result.Case.Group, result.Case.Engine, best, rowRate, byteRate, runs, result.Case.How]);
        }
        WriteTable(rows, output);

        output.WriteLine();
        var ratios = new List<string[]> { new[] { "group", "Pipeline / peer", "peer" } };
        foreach (var (group, _, peer, ratio) in report.Ratios())
            ratios.Add([group, ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a", $"{peer.Case.Engine}: {peer.Case.How}"]);
        WriteTable(ratios, output);
    }

    private static string Size(string path) => File.Exists(path) ? $"{new FileInfo(path).Length / 1e6:F1} MB" : "missing";

    private static void WriteTable(List<string[]> rows, TextWriter output)
    {
        int columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            // The last column (free text) is not padded, so long descriptions do not widen every line.
            var cells = row.Select((cell, c) => c == columns - 1 ? cell : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
