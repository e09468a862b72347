using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Evaluation.Rows;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>A kind checked per row, in the validation transform (and the row-group scan): it binds a rule to a
/// schema into a <see cref="RowEvaluator"/> that marks failing rows and explains them.</summary>
internal abstract class RowRuleKind : RuleKindDefinition
{
    /// <inheritdoc />
    public sealed override RuleScope Scope => RuleScope.Row;

    /// <summary>How the rule's condition is named in binding errors (<c>filter</c>, or <c>when</c> for <c>then</c>).</summary>
    public virtual string FilterName => "filter";

    /// <summary>What a Parquet footer can prove about the kind without decoding its column (see
    /// <see cref="Scan.StatisticsProof"/>).</summary>
    public virtual FooterProof Proof => FooterProof.None;

    /// <summary>Whether the kind looks at nulls alone (<c>not_null</c>): a reader may check it from definition levels.</summary>
    public virtual bool ChecksNullsOnly => false;

    /// <summary>Whether the kind needs another table's distinct keys loaded before the run.</summary>
    public virtual bool NeedsReferenceKeys => false;

    /// <summary>Binds a rule of this kind to a schema.</summary>
    /// <exception cref="Core.Errors.PipelineException">An unknown column, or a column of a type the kind cannot check.</exception>
    public abstract RowEvaluator Bind(RowBinding binding);
}

/// <summary>What a row group's footer statistics can prove about a row rule.</summary>
internal enum FooterProof
{
    /// <summary>Nothing: the column is always decoded.</summary>
    None,
    /// <summary>The rule passes every row of a chunk that has no nulls.</summary>
    NeverNull,
    /// <summary>The passing values form one interval: when the chunk's minimum and maximum pass, every row does.</summary>
    PassingEndpoints,
}
