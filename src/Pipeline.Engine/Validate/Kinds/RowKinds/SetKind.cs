using System.Globalization;
using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>in_set</c> and <c>not_in_set</c>: the value is (or is not) one of a list. On a number column the
/// list's items are numbers compared by value; on text, ordinally.</summary>
internal abstract class SetKind : ValueRuleKind
{
    /// <summary>Whether a passing value is in the set (<c>in_set</c>) or outside it.</summary>
    protected abstract bool Wanted { get; }

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Values(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.List(rule.Values!);

    /// <inheritdoc />
    protected override ValueTest Test(RowBinding binding, ValueKind? kind)
    {
        bool wanted = Wanted;
        var rule = binding.Rule;
        if (kind == ValueKind.Number)
        {
            var set = new HashSet<double>();
            foreach (var s in rule.Values!)
                set.Add(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                    : throw binding.Needs($"numbers in its set ('{s}' is not one) or a text column", kind));
            return new() { Numbers = v => set.Contains(v) == wanted };
        }
        if (kind != ValueKind.String) throw binding.Needs("a text or number column", kind);
        var strings = new HashSet<string>(rule.Values!, StringComparer.Ordinal);
        return new() { Texts = v => strings.Contains(v) == wanted };
    }

    /// <inheritdoc />
    protected override IArrayCheck Direct(Rule rule, DateTimeOffset now) => new Utf8SetCheck(rule.Values!, Wanted);
}
