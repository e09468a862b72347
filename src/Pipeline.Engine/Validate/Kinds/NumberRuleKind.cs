using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>A range on a number column (<c>greater_than</c>, <c>between</c>, <c>positive</c>, ...): the passing
/// values form one interval, so a footer's minimum and maximum can prove a whole row group. NaN fails every range,
/// since it compares false.</summary>
internal abstract class NumberRuleKind : ValueRuleKind
{
    /// <inheritdoc />
    public override FooterProof Proof => FooterProof.PassingEndpoints;

    /// <inheritdoc />
    protected sealed override ValueTest Test(RowBinding binding, ValueKind? kind)
        => kind == ValueKind.Number ? new() { Numbers = Passes(binding.Rule) } : throw binding.Needs("a number column", kind);

    /// <summary>The per-value test on the numbers.</summary>
    protected abstract Func<double, bool> Passes(Rule rule);

    /// <inheritdoc />
    protected sealed override IArrayCheck Direct(Rule rule, DateTimeOffset now) => Range(rule);

    /// <summary>The interval as a direct check on number arrays.</summary>
    protected abstract NumberRangeCheck Range(Rule rule);
}
