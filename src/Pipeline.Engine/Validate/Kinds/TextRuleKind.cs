using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>A check on a text column's values (<c>regex</c>, <c>shape</c>, <c>format</c>, <c>length_between</c>).</summary>
internal abstract class TextRuleKind : ValueRuleKind
{
    /// <inheritdoc />
    protected sealed override ValueTest Test(RowBinding binding, ValueKind? kind)
        => kind == ValueKind.String ? new() { Texts = Passes(binding.Rule) } : throw binding.Needs("a text column", kind);

    /// <summary>The per-value test on the texts.</summary>
    protected abstract Func<string, bool> Passes(Rule rule);
}
