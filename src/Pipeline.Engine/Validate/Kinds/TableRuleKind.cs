using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>A kind checked over the whole table, in the table-rule analyzer: it says what state it needs (numbers,
/// distinct keys, kept values for a quantile, another table's row count) and judges the merged state.</summary>
internal abstract class TableRuleKind : RuleKindDefinition
{
    /// <inheritdoc />
    public sealed override RuleScope Scope => RuleScope.Table;

    /// <summary>Whether the kind counts distinct keys (and so needs a shared, memory-bounded key counter).</summary>
    public virtual bool CountsKeys => false;

    /// <summary>Whether a failure is counted in rows (the duplicates, with duplicate keys as examples) rather than
    /// as one failed check; the quality score then rates it by its failed rows.</summary>
    public virtual bool FailsRows => false;

    /// <summary>Whether the state keeps the values themselves (for an exact quantile).</summary>
    public virtual bool KeepsValues => false;

    /// <summary>Whether the kind needs another table's row count read before the run.</summary>
    public virtual bool NeedsReferenceRowCount => false;

    /// <summary>What the kind needs of a key column of <paramref name="kind"/> that it lacks (<c>a number column</c>),
    /// or null when the column fits.</summary>
    public virtual string? Lacks(ValueKind? kind) => null;

    /// <summary>Judges the merged state of a run.</summary>
    public abstract TableVerdict Judge(Rule rule, TableFacts facts);
}

/// <summary>What a table rule is judged on: its merged state, its distinct keys (key rules), the other table's row
/// count (<c>row_count_equals</c>) and the run's start.</summary>
internal readonly record struct TableFacts(TableRuleState State, long Distinct, long Duplicates, long? ReferenceRows, DateTimeOffset Now);

/// <summary>A table rule's judgement: passed, the observed value, and the message shown when it failed.</summary>
internal readonly record struct TableVerdict(bool Passed, double? Observed, string Message);
