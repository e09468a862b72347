using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>not_future: true</c>: a date or timestamp is not after the time the run started. Its passing values
/// form an interval, so a footer's minimum and maximum can prove a row group.</summary>
internal sealed class NotFutureKind : ValueRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.NotFuture;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Timeliness;
    /// <inheritdoc />
    public override FooterProof Proof => FooterProof.PassingEndpoints;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Flag(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => "true";

    /// <inheritdoc />
    protected override ValueTest Test(RowBinding binding, ValueKind? kind)
    {
        if (kind != ValueKind.Time) throw binding.Needs("a date or timestamp column", kind);
        long limit = NowMicros(binding.Now);
        return new() { Times = v => v <= limit };
    }

    /// <inheritdoc />
    protected override IArrayCheck Direct(Rule rule, DateTimeOffset now) => new NotAfterCheck(NowMicros(now));

    /// <inheritdoc />
    protected override string Expected(Rule rule) => "not in the future";

    private static long NowMicros(DateTimeOffset now) => (now.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
}
