using System.Globalization;
using System.Text;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>
/// Renders a comparison as a Markdown section and keeps <c>benchmarks/RESULTS.md</c> as a log: the newest run first,
/// earlier runs kept below it, so a regression can be seen against history on the same machine.
/// </summary>
public static class MarkdownReport
{
    private const string Title = "# Benchmark results";
    private const string Marker = "<!-- runs: newest first; written by `Pipeline.Benchmarks compare` -->";

    /// <summary>Inserts the report's section at the top of the file (creating it if needed).</summary>
    public static void Update(string path, ComparisonReport report)
    {
        var section = Render(report);
        string body = File.Exists(path) ? File.ReadAllText(path) : "";
        int at = body.IndexOf(Marker, StringComparison.Ordinal);
        string earlier = at >= 0 ? body[(at + Marker.Length)..].TrimStart('\r', '\n') : "";
        var text = new StringBuilder()
            .AppendLine(Title).AppendLine()
            .AppendLine("Side-by-side runs of Pipeline against DuckDB and ParquetSharp on the same generated data, in one process. " +
                        "See `benchmarks/README.md` for how to run them and what each row measures.")
            .AppendLine().AppendLine(Marker).AppendLine()
            .Append(section);
        if (earlier.Length > 0) text.AppendLine().Append(earlier);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>The Markdown section of one run.</summary>
    public static string Render(ComparisonReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = report.Machine;
        var s = new StringBuilder();
        s.AppendLine(inv, $"## {report.Started:yyyy-MM-dd HH:mm} UTC: {report.Dataset.Rows:N0} rows").AppendLine();
        s.AppendLine(inv, $"- Machine: {m.Cpu}; {m.LogicalCores} logical cores; {m.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB RAM");
        s.AppendLine(inv, $"- OS: {m.Os}; runtime: {m.Runtime}");
        s.AppendLine(inv, $"- ISA: {m.Isa}");
        s.AppendLine(inv, $"- Peers: {string.Join("; ", report.PeerVersions)}");
        s.AppendLine(inv, $"- Files: CSV {new FileInfo(report.Dataset.CsvPath).Length:N0} B; Parquet (snappy) {new FileInfo(report.Dataset.ParquetPath).Length:N0} B");
        s.AppendLine(inv, $"- Timing: wall clock in one process, 1 warm-up + {report.Runs} runs per case, best reported; page cache warm; load average {report.Load}");
        s.AppendLine();
        s.AppendLine("| group | engine | what | runs (s) | best (s) | rows/s | MB/s in |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var result in report.Results)
        {
            var (runs, best, rowRate, byteRate) = report.Cells(result);
            s.AppendLine(inv, $"| {result.Case.Group} | {result.Case.Engine} | {Escape(result.Case.How)} | {Escape(runs)} | {best} | {rowRate} | {byteRate} |");
        }
        s.AppendLine();
        s.AppendLine("Ratio = Pipeline best / peer best (below 1: Pipeline is faster).").AppendLine();
        s.AppendLine("| group | peer | Pipeline / peer |");
        s.AppendLine("|---|---|---|");
        foreach (var (group, _, peer, ratio) in report.Ratios())
            s.AppendLine(inv, $"| {group} | {peer.Case.Engine}: {Escape(peer.Case.How)} | {(ratio is { } r ? r.ToString("F2", inv) + "×" : "n/a")} |");
        return s.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
