namespace Pipeline.Engine.Results;

/// <summary>
/// One finding for a reader: a plain title, the numbers behind it, the columns involved, how much it matters and how
/// sure we are, and what to do about it. Written to <c>results.json</c>'s <c>insights[]</c>.
/// </summary>
/// <param name="Kind">What sort of finding (<c>missing</c>, <c>simpsons_paradox</c>, <c>seasonality</c>, ...).</param>
/// <param name="Title">A sentence in plain words.</param>
/// <param name="Score">Impact or interest, 0 to 100; insights are ranked by it.</param>
/// <param name="Severity">How much of a data problem it is: <c>high</c>, <c>medium</c>, <c>low</c>, or <c>info</c> for findings that are not problems.</param>
/// <param name="Columns">The columns involved (empty for table-wide findings).</param>
/// <param name="Evidence">The numbers that support it, by name.</param>
/// <param name="Confidence">0 to 1: 1 for exact counts, lower for estimates and statistical patterns.</param>
/// <param name="Action">What to do about it.</param>
public sealed record Insight(string Kind, string Title, double Score, string Severity, IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, double> Evidence, double Confidence, string Action)
{
    /// <summary>Which checks saw this finding (several when duplicates were merged).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The rule that checks this finding in future loads, as a YAML flow mapping ready to paste under
    /// <c>rules:</c> (cross-column rules found in the data); null for other findings.</summary>
    public string? Rule { get; init; }
}

/// <summary>The severity names.</summary>
public static class InsightSeverity
{
    /// <summary>Wrong or unusable data that needs fixing before use.</summary>
    public const string High = "high";
    /// <summary>A problem worth fixing.</summary>
    public const string Medium = "medium";
    /// <summary>A minor problem.</summary>
    public const string Low = "low";
    /// <summary>Not a problem: a pattern worth knowing.</summary>
    public const string Info = "info";

    /// <summary>Sort rank: high first.</summary>
    public static int Rank(string severity) => severity switch { High => 0, Medium => 1, Low => 2, _ => 3 };
}
