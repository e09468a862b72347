using System.Globalization;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Sampling;

namespace Pipeline.Engine.Analyze.Segments;

/// <summary>What an outcome column measures.</summary>
public enum OutcomeKind
{
    /// <summary>Two values (0/1, yes/no, true/false, or any two labels): reported as the rate of one of them.</summary>
    Binary,
    /// <summary>Three to <see cref="ColumnRoles.MaxClasses"/> labels: reported as the share of one class.</summary>
    Classes,
    /// <summary>A number with many values: reported as a mean.</summary>
    Measure,
}

/// <summary>A column that splits rows into a few segments: its row codes (-1 for null) and level names.</summary>
/// <param name="Column">The column.</param>
/// <param name="Codes">Each sample row's level, or -1.</param>
/// <param name="Levels">The level names (for a binned number, its range).</param>
/// <param name="Binned">True for a number cut at its quartiles.</param>
/// <param name="Position">The column's position in the table.</param>
public sealed record Segment(string Column, int[] Codes, IReadOnlyList<string> Levels, bool Binned, int Position);

/// <summary>A column whose value an analyst would compare across segments.</summary>
/// <param name="Column">The column.</param>
/// <param name="Kind">Rate, class share or mean.</param>
/// <param name="Codes">Each sample row's class (-1 for null); null for a measure.</param>
/// <param name="Classes">The class names; null for a measure.</param>
/// <param name="Values">The numbers of a measure (NaN for null); null otherwise.</param>
/// <param name="Positive">For a binary outcome, the class whose rate is reported.</param>
/// <param name="Likeness">How much the column looks like an outcome (0/1 or yes/no coding, a name such as
/// <c>survived</c> or <c>churn</c>): orients a pair of two-valued columns.</param>
/// <param name="Position">The column's position in the table.</param>
public sealed record Outcome(string Column, OutcomeKind Kind, int[]? Codes, IReadOnlyList<string>? Classes, double[]? Values, int Positive, int Likeness, int Position);

/// <summary>
/// Finds the segment and outcome columns of a table from its sample and profile. Segments: text, boolean or integer
/// columns with 2 to <see cref="MaxLevels"/> values, and other numbers cut at their quartiles. Outcomes: any
/// two-valued column (binary), text with 3 to <see cref="MaxClasses"/> values (classes), numbers with more than
/// <see cref="MaxLevels"/> values (measures). Identifiers, constants and free text are neither.
/// </summary>
public static class ColumnRoles
{
    /// <summary>Most levels of a segment column.</summary>
    public const int MaxLevels = 12;
    /// <summary>Most classes of a class outcome.</summary>
    public const int MaxClasses = 6;

    private static readonly HashSet<string> PositiveWords = new(["1", "yes", "y", "true", "t", "positive", "pos", "success", "survived", "alive"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> OutcomeWords = new(["survived", "survival", "churn", "churned", "default", "defaulted", "outcome", "target",
        "label", "alive", "fraud", "converted", "conversion", "response", "purchased", "clicked", "success", "approved", "passed", "result",
        "died", "dead", "death", "readmitted", "attrition", "exited", "left", "won", "win", "y"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The segments and outcomes of the sampled table.</summary>
    public static (List<Segment> Segments, List<Outcome> Outcomes) Of(TableSample sample, ProfileReport profile)
    {
        var segments = new List<Segment>();
        var outcomes = new List<Outcome>();
        for (int position = 0; position < sample.Columns.Count; position++)
        {
            var column = sample.Columns[position];
            if (column.Kind == ColumnKind.DateTime || Excluded(profile.Columns.FirstOrDefault(c => c.Name == column.Name))) continue;
            var (codes, levels) = Encode(column);
            int distinct = levels.Count;
            if (distinct < 2) continue;
            if (distinct <= MaxLevels && (column.Texts is not null || levels.All(IsInteger)))
                segments.Add(new Segment(column.Name, codes, levels, false, position));
            if (distinct == 2)
                outcomes.Add(new Outcome(column.Name, OutcomeKind.Binary, codes, levels, null, PositiveOf(levels, codes), Likeness(column.Name, levels), position));
            else if (distinct <= MaxClasses && column.Texts is not null)
                outcomes.Add(new Outcome(column.Name, OutcomeKind.Classes, codes, levels, null, -1, Likeness(column.Name, levels), position));
            else if (distinct > MaxLevels && column.IsNumeric)
            {
                outcomes.Add(new Outcome(column.Name, OutcomeKind.Measure, null, null, column.Numbers, -1, Likeness(column.Name, levels), position));
                if (Quartiles(column.Numbers!) is { } binned) segments.Add(binned with { Column = column.Name, Position = position });
            }
        }
        return (segments, outcomes);
    }

    private static bool Excluded(ColumnProfile? c) => c is null || c.SemanticType is "id" or "constant" or "empty" or "free_text"
        || (c.Kind == "string" && c.UniquePct >= 95 && c.Count >= 20);

    private static bool IsInteger(string level) => long.TryParse(level, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>Row codes and levels in a stable order (numbers ascending, text ordinal); stops counting levels
    /// past <see cref="MaxLevels"/> + 1 since a column with more is not a segment.</summary>
    private static (int[] Codes, List<string> Levels) Encode(SampleColumn column)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var raw = new int[column.Texts?.Length ?? column.Numbers!.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            var label = column.Label(i);
            if (label is null) { raw[i] = -1; continue; }
            if (!index.TryGetValue(label, out int code))
            {
                if (index.Count > MaxLevels) { raw[i] = -1; return ([], [.. index.Keys, "…"]); }
                index[label] = code = index.Count;
            }
            raw[i] = code;
        }
        var levels = column.Texts is null
            ? index.Keys.OrderBy(k => double.Parse(k, CultureInfo.InvariantCulture)).ToList()
            : index.Keys.Order(StringComparer.Ordinal).ToList();
        var remap = new int[index.Count];
        for (int k = 0; k < levels.Count; k++) remap[index[levels[k]]] = k;
        for (int i = 0; i < raw.Length; i++) if (raw[i] >= 0) raw[i] = remap[raw[i]];
        return (raw, levels);
    }

    /// <summary>A number cut at its quartiles into up to four ranges (ties merge ranges).</summary>
    private static Segment? Quartiles(double[] values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length < 40) return null;
        var edges = new[] { 0.25, 0.5, 0.75 }.Select(q => sorted[(int)(q * (sorted.Length - 1))]).Distinct().ToArray();
        if (edges.Length == 0) return null;
        var levels = new List<string> { $"≤ {Label(edges[0])}" };
        for (int k = 1; k < edges.Length; k++) levels.Add($"{Label(edges[k - 1])}–{Label(edges[k])}");
        levels.Add($"> {Label(edges[^1])}");
        var codes = values.Select(v => double.IsFinite(v) ? Array.FindIndex(edges, e => v <= e) is var k && k >= 0 ? k : edges.Length : -1).ToArray();
        return new Segment("", codes, levels, true, 0);
    }

    private static string Label(double edge) => edge.ToString("G4", CultureInfo.InvariantCulture);

    private static int PositiveOf(IReadOnlyList<string> levels, int[] codes)
    {
        for (int k = 0; k < levels.Count; k++) if (PositiveWords.Contains(levels[k])) return k;
        long first = codes.Count(c => c == 0), second = codes.Count(c => c == 1);
        return second <= first ? 1 : 0; // the rarer value: its rate is the news
    }

    private static int Likeness(string name, IReadOnlyList<string> levels)
    {
        int score = 0;
        var words = name.Split(['_', ' ', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
        if (OutcomeWords.Contains(name) || words.Any(OutcomeWords.Contains)) score += 2;
        if (levels.Count == 2 && levels.Any(PositiveWords.Contains)) score += 1;
        return score;
    }
}
