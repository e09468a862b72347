using System.Globalization;
using System.Text;
using Pipeline.Benchmarks.Data;

namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>One generated rule: its YAML entry for <c>pipeline validate</c> and the SQL aggregate that counts the rows
/// it fails in DuckDB.</summary>
/// <param name="Name">Rule name (unique in its set).</param>
/// <param name="Kind">What kind of check it is, for the report (<c>not_null</c>, <c>range</c>, <c>expression:date</c>, ...).</param>
/// <param name="Yaml">The rule as a YAML flow mapping.</param>
/// <param name="Sql">A DuckDB aggregate giving the same failing-row count.</param>
public sealed record GeneratedRule(string Name, string Kind, string Yaml, string Sql);

/// <summary>
/// Rule sets of mixed kinds drawn at random (seeded, so a set is reproducible) over the benchmark data's columns: per
/// set 20 rules, always with null checks, ranges, a set, a regex, text lengths, five expression rules over one or two
/// columns (arithmetic, boolean logic, date functions) and a uniqueness rule, with bounds, sets, patterns and columns
/// drawn anew for every set; every rule is a warning, so both engines only count. Nothing here is tuned to Pipeline's
/// fast paths: the templates are what a user writes, and which of them a set gets is chance.
/// </summary>
public static class GeneratedRuleSet
{
    private static readonly string[] Columns = ["id", "amount", "quantity", "category", "customer", "created_at", "active", "email"];
    private static readonly string[] TextColumns = ["category", "customer", "email"];

    private static readonly (string Column, string Pattern)[] Patterns =
    [
        ("email", @"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"),
        ("email", @"^[a-z]+\.[0-9]+@[a-z]+\.example\.[a-z]{2,3}$"),
        ("email", @"^[a-m].*@shop\..*$"),
        ("customer", @"^C[0-9]{7}$"),
        ("customer", @"^C0[0-4][0-9]*$"),
        ("category", @"^[A-Z][a-z]+( [A-Za-z&]+)*$"),
    ];

    /// <summary>The rules of set number <paramref name="seed"/>.</summary>
    public static IReadOnlyList<GeneratedRule> Create(int seed)
    {
        var random = new Random(seed);
        var rules = new List<GeneratedRule>();
        int n = 0;
        string Name(string kind) => $"r{++n:D2}_{kind}";
        string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        // 3 null checks on distinct columns.
        foreach (var column in Columns.OrderBy(_ => random.Next()).Take(3))
            rules.Add(new(Name("not_null"), "not_null", $"{{column: {column}, not_null: true}}", $"count(*) FILTER (WHERE {column} IS NULL)"));

        // 4 ranges of different shapes over the numeric columns.
        for (int i = 0; i < 4; i++)
        {
            var (column, max) = random.Next(3) switch { 0 => ("amount", 10_000.0), 1 => ("quantity", 1_000.0), _ => ("id", 10_000_000.0) };
            double a = Math.Round(random.NextDouble() * max * 0.3, column == "amount" ? 2 : 0), b = Math.Round(max * (0.5 + random.NextDouble() * 0.6), column == "amount" ? 2 : 0);
            rules.Add(random.Next(4) switch
            {
                0 => new(Name("between"), "range", $"{{column: {column}, between: [{Num(a)}, {Num(b)}]}}", $"count(*) FILTER (WHERE NOT ({column} BETWEEN {Num(a)} AND {Num(b)}))"),
                1 => new(Name("ge"), "range", $"{{column: {column}, greater_or_equal: {Num(a)}}}", $"count(*) FILTER (WHERE NOT ({column} >= {Num(a)}))"),
                2 => new(Name("lt"), "range", $"{{column: {column}, less_than: {Num(b)}}}", $"count(*) FILTER (WHERE NOT ({column} < {Num(b)}))"),
                _ => new(Name("positive"), "range", $"{{column: {column}, positive: true}}", $"count(*) FILTER (WHERE NOT ({column} > 0))"),
            });
        }

        // A set of categories, and a short list they must not be in.
        var categories = Vocabulary.Categories.Where(c => !c.Contains('"', StringComparison.Ordinal)).OrderBy(_ => random.Next()).ToList();
        var allowed = categories.Take(10 + random.Next(8)).ToList();
        rules.Add(new(Name("in_set"), "set", $"{{column: category, in_set: [{string.Join(", ", allowed.Select(YamlText))}]}}",
            $"count(*) FILTER (WHERE NOT (category IN ({string.Join(", ", allowed.Select(SqlText))})))"));
        var banned = categories.Skip(allowed.Count).Take(1 + random.Next(2)).Append("unknown").ToList();
        rules.Add(new(Name("not_in_set"), "set", $"{{column: category, not_in_set: [{string.Join(", ", banned.Select(YamlText))}]}}",
            $"count(*) FILTER (WHERE category IN ({string.Join(", ", banned.Select(SqlText))}))"));

        // One regex, two text lengths.
        var (regexColumn, pattern) = Patterns[random.Next(Patterns.Length)];
        rules.Add(new(Name("regex"), "regex", $"{{column: {regexColumn}, regex: {YamlText(pattern)}}}",
            $"count(*) FILTER (WHERE NOT regexp_full_match({regexColumn}, {SqlText(pattern)}))"));
        foreach (var column in TextColumns.OrderBy(_ => random.Next()).Take(2))
        {
            int lo = 1 + random.Next(10), hi = lo + 5 + random.Next(25);
            rules.Add(new(Name("length"), "length", $"{{column: {column}, length_between: [{lo}, {hi}]}}",
                $"count(*) FILTER (WHERE NOT (length({column}) BETWEEN {lo} AND {hi}))"));
        }

        // Five expressions: two arithmetic (two columns), one boolean, two with date functions.
        for (int i = 0; i < 2; i++) rules.Add(Expression(Name("arith"), "expression:arithmetic", Arithmetic(random)));
        rules.Add(Expression(Name("bool"), "expression:boolean", Boolean(random)));
        for (int i = 0; i < 2; i++) rules.Add(Expression(Name("date"), "expression:date", DateRule(random)));

        // One uniqueness rule (a key column, or one with repeated values).
        var unique = random.Next(2) == 0 ? "id" : "email";
        rules.Add(new(Name("unique"), "unique", $"{{column: {unique}, unique: true}}", $"count({unique}) - count(DISTINCT {unique})"));

        // Fill up to 20 with more of the cheap kinds a real file gets most of.
        while (rules.Count < 20)
        {
            var column = Columns[random.Next(Columns.Length)];
            rules.Add(new(Name("not_null"), "not_null", $"{{column: {column}, not_null: true}}", $"count(*) FILTER (WHERE {column} IS NULL)"));
        }
        return rules;
    }

    /// <summary>The YAML rules file.</summary>
    public static string Yaml(IReadOnlyList<GeneratedRule> rules)
    {
        var text = new StringBuilder("rules:\n");
        foreach (var r in rules) text.Append("  - {name: ").Append(r.Name).Append(", severity: warn, ").Append(r.Yaml[1..]).Append('\n');
        return text.ToString();
    }

    /// <summary>The one DuckDB query that counts every rule's failing rows, in rule order.</summary>
    public static string Sql(IReadOnlyList<GeneratedRule> rules, string parquet)
        => $"SELECT {string.Join(", ", rules.Select(r => r.Sql))} FROM read_parquet({SqlText(parquet)})";

    private static GeneratedRule Expression(string name, string kind, string expression)
        => new(name, kind, $"{{expression: {YamlText(expression)}}}", $"count(*) FILTER (WHERE NOT ({expression}))");

    private static string Arithmetic(Random random) => random.Next(4) switch
    {
        0 => $"amount <= quantity * {5 + random.Next(96)}",
        1 => $"amount / quantity < {1 + random.Next(60)}",
        2 => $"abs(amount - quantity) < {1000 + random.Next(8000)}",
        _ => $"quantity * 10 + amount > {random.Next(2000)}",
    };

    private static string Boolean(Random random) => random.Next(3) switch
    {
        0 => $"active OR amount < {1000 + random.Next(8000)}",
        1 => $"NOT active OR quantity > {random.Next(500)}",
        _ => $"(amount > {random.Next(3000)} AND quantity < {300 + random.Next(700)}) OR active",
    };

    private static string DateRule(Random random) => random.Next(5) switch
    {
        0 => $"month(created_at) <= {6 + random.Next(6)}",
        1 => $"dayofweek(created_at) <> {random.Next(7)}",
        2 => $"hour(created_at) >= {random.Next(6)} OR active",
        3 => "year(created_at) = 2024",
        _ => $"quarter(created_at) < 4 OR quantity > {random.Next(900)}",
    };

    private static string YamlText(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string SqlText(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
