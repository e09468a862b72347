using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Data;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Evaluation;

namespace Pipeline.Engine.Test;

/// <summary>
/// The quality checks a run without a spec gets (<c>pipeline run data.csv</c>): warn-severity table checks read from
/// the profile, so they never quarantine rows or fail the run. Each appears in <c>results.json</c>'s <c>rules[]</c>.
/// </summary>
public static class DefaultChecks
{
    /// <summary>Rule kind: no row equals an earlier row.</summary>
    public const string NoDuplicateRows = "no_duplicate_rows";
    /// <summary>Rule kind: no column is null in every row.</summary>
    public const string NoEmptyColumns = "no_empty_columns";
    /// <summary>Rule kind: no row has half or more of its cells null.</summary>
    public const string NoMostlyEmptyRows = "no_mostly_empty_rows";
    /// <summary>Rule kind: no column holds a single value.</summary>
    public const string NoConstantColumns = "no_constant_columns";
    /// <summary>Rule kind: no numeric value is infinite.</summary>
    public const string NoInfiniteValues = "no_infinite_values";

    /// <summary>The insight kind a default check restates (so the two merge into one insight), or null for other rules.</summary>
    public static string? InsightKindOf(string ruleKind) => ruleKind switch
    {
        NoDuplicateRows => "duplicates",
        NoEmptyColumns => "all_null_column",
        NoMostlyEmptyRows => "empty_rows",
        NoConstantColumns => "constant",
        NoInfiniteValues => "infinite",
        _ => null,
    };

    /// <summary>Evaluates the checks over a profile and the null counts per row.</summary>
    public static IReadOnlyList<RuleResult> Evaluate(ProfileReport profile, NullPatterns nulls)
    {
        var rows = profile.RowCount;
        var empty = profile.Columns.Where(c => rows > 0 && c.NullCount == rows).Select(c => c.Name).ToList();
        var constant = profile.Columns.Where(c => c.DistinctCount == 1 && c.Count > 1).Select(c => c.Name).ToList();
        var infinite = profile.Columns.Where(c => c.Infinities is > 0).ToList();
        int threshold = Math.Max(2, (nulls.Columns.Count + 1) / 2);
        long mostlyEmpty = nulls.Columns.Count < 2 ? 0 : nulls.RowsByNullCount.Skip(threshold).Sum();
        return
        [
            Check("no_duplicate_rows", NoDuplicateRows, profile.DuplicateRowCount, profile.DuplicateRowCount,
                $"{profile.DuplicateRowCount} rows duplicate an earlier row"),
            Check("no_empty_columns", NoEmptyColumns, 0, empty.Count, $"null in every row: {string.Join(", ", empty)}"),
            Check("no_mostly_empty_rows", NoMostlyEmptyRows, mostlyEmpty, mostlyEmpty,
                $"{mostlyEmpty} rows have {threshold} or more of {nulls.Columns.Count} cells null"),
            Check("no_constant_columns", NoConstantColumns, 0, constant.Count, $"a single value: {string.Join(", ", constant)}"),
            Check("no_infinite_values", NoInfiniteValues, 0, infinite.Count,
                $"infinite values: {string.Join(", ", infinite.Select(c => $"{c.Name} ({c.Infinities})"))}"),
        ];
    }

    private static RuleResult Check(string name, string kind, long failedRows, double observed, string message)
        => new(name, kind, null, "warn", "table", null, observed == 0, failedRows, observed, observed == 0 ? null : message, []);
}
