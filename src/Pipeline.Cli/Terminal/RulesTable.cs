using Pipeline.Engine.Results;

namespace Pipeline.Cli.Terminal;

/// <summary>Prints rule results as an aligned table on standard error.</summary>
internal static class RulesTable
{
    public static void Print(IReadOnlyList<RuleResult> rules)
    {
        var rows = rules.Select(r => new[]
        {
            r.Passed ? "PASS" : r.Severity == "error" ? "FAIL" : "WARN", r.Name, r.Kind, r.Column ?? "", r.Severity,
            r.FailedRows.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Message ?? "",
        }).ToList();
        string[] header = ["result", "rule", "kind", "column", "severity", "failed_rows", "detail"];
        var widths = header.Select((h, i) => rows.Select(x => x[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        ErrorOutput.Info(Line(header));
        foreach (var row in rows) ErrorOutput.Info(Line(row));
    }
}
