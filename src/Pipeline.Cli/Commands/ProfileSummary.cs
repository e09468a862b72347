using System.Globalization;
using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Cli.Commands;

/// <summary>The readable terminal summary of a profile: one line per column, then the alerts.</summary>
internal static class ProfileSummary
{
    public static void Print(ProfileReport report, TextWriter output)
    {
        // The summary level counts no duplicate rows: it says so instead of printing a zero.
        string duplicates = report.Level == "summary" ? "duplicates not counted (summary level)"
            : $"{report.DuplicateRowCount:N0} duplicate rows" + (report.DuplicateRowCountExact ? "" : " (estimate)");
        output.WriteLine($"{report.RowCount:N0} rows × {report.ColumnCount} columns; {duplicates}; {report.MissingCells:N0} missing cells");
        output.WriteLine();
        output.WriteLine($"{"column",-24} {"type",-16} {"semantic",-16} {"nulls",8} {"distinct",10}  summary");
        foreach (var c in report.Columns)
        {
            string summary = c.Kind switch
            {
                "numeric" => $"min {Num(c.Min)}  mean {Num(c.Mean)}  max {Num(c.Max)}  sd {Num(c.Stddev)}",
                "datetime" => $"{c.Min} … {c.Max}",
                _ when c.TopValues.Count == 0 && c.Min is not null => $"min {Cut(c.Min.ToString() ?? "")}  max {Cut(c.Max?.ToString() ?? "")}",
                _ => c.TopValues.Count > 0 ? "top: " + string.Join(", ", c.TopValues.Take(3).Select(t => $"{Cut(t.Value)} ({t.Count:N0})")) : "",
            };
            output.WriteLine($"{Cut(c.Name, 24),-24} {Cut(c.Type, 16),-16} {c.SemanticType,-16} {c.NullCount,8:N0} {c.DistinctCount,10:N0}{(c.DistinctExact ? " " : "~")} {summary}");
        }
        if (report.Alerts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("alerts:");
            foreach (var a in report.Alerts) output.WriteLine($"  [{a.Type}] {a.Message}");
        }
    }

    private static string Num(object? value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        null => "-",
        _ => value.ToString() ?? "-",
    };

    private static string Cut(string text, int max = 20) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
