using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>fresh_within: 24h</c>: the latest date/timestamp is no older than a duration before the run started.</summary>
internal sealed class FreshWithinKind : TableRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.FreshWithin;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Timeliness;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value)
    {
        var text = y.Scalar(value, YamlKey);
        var span = Durations.TryParse(text) ?? throw y.Error(value, $"'{text}' is not a duration (e.g. 90s, 30m, 24h, 7d, 2w, 1d12h)");
        return rule with { Low = span.TotalSeconds, Text = text };
    }

    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    public override string? Lacks(ValueKind? kind) => kind != ValueKind.Time ? "a date or timestamp column" : null;

    /// <summary>The latest time must be at or after the run's start minus the duration.</summary>
    public override TableVerdict Judge(Rule rule, TableFacts facts)
    {
        if (facts.State.LatestTime is not { } latest) return new(false, null, $"no {rule.Column} values, so nothing is fresh");
        long nowMicros = (facts.Now.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        double ageSeconds = Math.Round((nowMicros - latest) / 1e6, 3);
        string latestText = ValueText.Time(latest);
        return new(ageSeconds <= rule.Low!.Value, ageSeconds, $"latest {rule.Column} {latestText} is {RuleText.Number(ageSeconds)} s old, more than {rule.Text}");
    }
}
