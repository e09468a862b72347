using Pipeline.Engine.Validate.Kinds.RowKinds;
using Pipeline.Engine.Validate.Kinds.SchemaKinds;
using Pipeline.Engine.Validate.Kinds.TableKinds;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>
/// Every rule kind, found by its YAML key or its <see cref="RuleKind"/>. Adding a kind is a member of
/// <see cref="RuleKind"/>, one file with its <see cref="RuleKindDefinition"/>, and one line here; the reader, the
/// evaluation, the scan, the results, the quality score and the YAML writer ask the kind, not a switch.
/// </summary>
internal static class RuleKindRegistry
{
    /// <summary>The kinds in <see cref="RuleKind"/> order (the order error messages list them in).</summary>
    private static readonly RuleKindDefinition[] Kinds = Sorted(
    [
        new NotNullKind(), new GreaterThanKind(), new GreaterOrEqualKind(), new LessThanKind(), new LessOrEqualKind(),
        new BetweenKind(), new InSetKind(), new NotInSetKind(), new RegexKind(), new LengthBetweenKind(),
        new NonNegativeKind(), new PositiveKind(), new NotFutureKind(), new ShapeKind(), new ExpressionKind(),
        new FormatKind(), new ColumnEqualsKind(), new ConditionalKind(), new ExistsInKind(),
        new RowCountBetweenKind(), new UniqueKind(), new CompletenessAtLeastKind(), new NullFractionAtMostKind(),
        new MinBetweenKind(), new MaxBetweenKind(), new MeanBetweenKind(), new SumBetweenKind(), new StddevBetweenKind(),
        new QuantileBetweenKind(), new DistinctCountBetweenKind(), new UniqueRatioBetweenKind(), new UniqueTogetherKind(),
        new PrimaryKeyKind(), new FreshWithinKind(), new RowCountEqualsKind(),
        new ColumnExistsKind(), new ColumnTypeKind(), new ColumnsMatchSetKind(), new ColumnsMatchListKind(), new NoUnexpectedColumnsKind(),
        new HistoryKinds.DriftKind(), new HistoryKinds.AnomalyKind(), new HistoryKinds.SchemaUnchangedKind(),
    ]);

    private static readonly Dictionary<string, RuleKindDefinition> ByYamlKey = Kinds.ToDictionary(k => k.YamlKey, StringComparer.Ordinal);

    /// <summary>Every kind, in <see cref="RuleKind"/> order.</summary>
    public static IReadOnlyList<RuleKindDefinition> All => Kinds;

    /// <summary>Every YAML key of a rule kind, in <see cref="RuleKind"/> order.</summary>
    public static IReadOnlyList<string> YamlKeys { get; } = Kinds.Select(k => k.YamlKey).ToArray();

    /// <summary>The definition of <paramref name="kind"/>.</summary>
    public static RuleKindDefinition Of(RuleKind kind) => Kinds[(int)kind];

    /// <summary>The definition of a row kind.</summary>
    /// <exception cref="InvalidOperationException">The kind is not checked per row.</exception>
    public static RowRuleKind Row(RuleKind kind) => Of(kind) as RowRuleKind ?? throw new InvalidOperationException($"{kind} is not a row rule");

    /// <summary>The definition of a table kind.</summary>
    /// <exception cref="InvalidOperationException">The kind is not checked over the table.</exception>
    public static TableRuleKind Table(RuleKind kind) => Of(kind) as TableRuleKind ?? throw new InvalidOperationException($"{kind} is not a table rule");

    /// <summary>The definition of a schema kind.</summary>
    /// <exception cref="InvalidOperationException">The kind is not checked against the schema.</exception>
    public static SchemaRuleKind Schema(RuleKind kind) => Of(kind) as SchemaRuleKind ?? throw new InvalidOperationException($"{kind} is not a schema rule");

    /// <summary>The definition of a history kind.</summary>
    /// <exception cref="InvalidOperationException">The kind is not judged against the run history.</exception>
    public static HistoryRuleKind History(RuleKind kind) => Of(kind) as HistoryRuleKind ?? throw new InvalidOperationException($"{kind} is not a history rule");

    /// <summary>The kind whose YAML key is <paramref name="key"/>, or null.</summary>
    public static RuleKindDefinition? Find(string key) => ByYamlKey.GetValueOrDefault(key);

    /// <summary>Orders the kinds by <see cref="RuleKind"/> and checks that each enum member has exactly one, so a
    /// kind added to the enum without its file (or registered twice) fails at the first use, not in a run.</summary>
    private static RuleKindDefinition[] Sorted(RuleKindDefinition[] kinds)
    {
        var sorted = kinds.OrderBy(k => k.Kind).ToArray();
        var members = Enum.GetValues<RuleKind>();
        if (sorted.Length != members.Length || sorted.Where((k, i) => k.Kind != members[i] || (int)members[i] != i).Any())
            throw new InvalidOperationException("every RuleKind needs exactly one registered definition in RuleKindRegistry");
        return sorted;
    }
}
