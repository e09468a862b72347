using Pipeline.Engine.Yaml;
using Pipeline.Core.Errors;
using Pipeline.Engine.Validate.Kinds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Parsing;

/// <summary>
/// Reads rules from YAML: the <c>rules:</c> list of a pipeline spec, or a standalone rules file (either
/// <c>rules: [...]</c> or the bare list). Each rule is a mapping with exactly one kind key (documented in
/// <c>docs/spec.md</c>); mistakes are reported as <c>FILE:LINE:COLUMN</c> with a "did you mean".
/// </summary>
public static class RulesReader
{
    private static readonly string[] CommonKeys = ["name", "column", "severity", "on_fail", "filter", "when", "exclusive", "tolerance", "quantile"];

    /// <summary>Reads a standalone rules file.</summary>
    /// <exception cref="PipelineException">The file is missing or invalid.</exception>
    public static RuleSet ReadFile(string path)
    {
        if (!File.Exists(path)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: rules file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses rules text; <paramref name="file"/> names it in messages.</summary>
    public static RuleSet Parse(string yaml, string file)
    {
        var y = new YamlNodes(file);
        var stream = YamlDocuments.Load(yaml, file);
        if (stream.Documents.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{file}: the rules file is empty");
        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode map)
        {
            YamlNode? list = null;
            foreach (var (_, value) in y.Entries(map, "the rules file", "rules")) list = value;
            return Read(y, list!);
        }
        return Read(y, root);
    }

    /// <summary>Reads a <c>rules:</c> list node.</summary>
    internal static RuleSet Read(YamlNodes y, YamlNode node)
    {
        if (node is not YamlSequenceNode seq) throw y.Error(node, "rules must be a list (each item a rule mapping)");
        return new RuleSet(seq.Children.Select(c => ReadRule(y, c)));
    }

    private static Rule ReadRule(YamlNodes y, YamlNode node)
    {
        var map = y.Mapping(node, "a rule");
        var known = CommonKeys.Concat(RuleKinds.AllYamlNames).ToArray();
        string? name = null, column = null, filter = null;
        var severity = RuleSeverity.Error;
        RuleAction? onFail = null;
        bool exclusive = false;
        double tolerance = 0;
        double? quantile = null;
        (RuleKindDefinition Kind, YamlNode Value, YamlNode Key)? kind = null;
        foreach (var (k, v) in map.Children)
        {
            var key = y.Scalar(k, "key");
            if (!known.Contains(key))
            {
                var hint = YamlNodes.Suggest(key, known);
                throw y.Error(k, $"unknown rule key '{key}'" + (hint is null ? $" (rule kinds: {string.Join(", ", RuleKinds.AllYamlNames)})" : $" (did you mean '{hint}'?)"));
            }
            switch (key)
            {
                case "name": name = y.Scalar(v, "rule name"); break;
                case "column": column = y.Scalar(v, "column"); break;
                case "filter" or "when":
                    if (filter is not null) throw y.Error(k, "'filter' and 'when' are the same condition; give one");
                    filter = RuleArguments.Expression(y, v, key);
                    break;
                case "tolerance":
                    tolerance = y.Double(v, "tolerance");
                    if (tolerance < 0) throw y.Error(v, "tolerance must not be negative");
                    break;
                case "quantile":
                    quantile = y.Double(v, "quantile");
                    if (quantile is < 0 or > 1) throw y.Error(v, "quantile is a fraction between 0 and 1 (0.5 = median)");
                    break;
                case "exclusive": exclusive = y.Bool(v, "exclusive"); break;
                case "severity":
                    severity = y.Scalar(v, "severity") switch
                    {
                        "error" => RuleSeverity.Error,
                        "warn" or "warning" => RuleSeverity.Warn,
                        var s => throw y.Error(v, $"severity must be 'error' or 'warn', not '{s}'"),
                    };
                    break;
                case "on_fail":
                    onFail = y.Scalar(v, "on_fail") switch
                    {
                        "quarantine" => RuleAction.Quarantine,
                        "drop" => RuleAction.Drop,
                        "keep" => RuleAction.Keep,
                        var s => throw y.Error(v, $"on_fail must be 'quarantine', 'drop' or 'keep', not '{s}'"),
                    };
                    break;
                default:
                    if (kind is { } first) throw y.Error(k, $"a rule has one kind, but this one has '{first.Kind.YamlKey}' and '{key}' (split it into two rules)");
                    kind = (RuleKindRegistry.Find(key)!, v, k);
                    break;
            }
        }
        if (kind is not { } found) throw y.Error(map, $"the rule has no kind (one of: {string.Join(", ", RuleKinds.AllYamlNames)})");
        var def = found.Kind;
        string what = def.YamlKey;
        if (def.NeedsColumn && column is null) throw y.Error(map, $"'{what}' needs 'column:'");
        if (!def.NeedsColumn && !def.ColumnOptional && column is not null) throw y.Error(map, $"'{what}' does not take 'column:'" + def.ColumnRefusalHint);
        if (exclusive && !def.TakesExclusive) throw y.Error(map, "'exclusive' only applies to 'between'");
        if (def.MissingWhen is { } missingWhen && filter is null) throw y.Error(map, missingWhen);
        if (def.TakesQuantile && quantile is null) throw y.Error(map, $"'{what}' needs 'quantile: q' (0..1)");
        if (!def.TakesQuantile && quantile is not null) throw y.Error(map, "'quantile' only applies to 'quantile_between'");
        if (!def.TakesTolerance && tolerance != 0) throw y.Error(map, "'tolerance' only applies to 'column_equals'");
        if (def.Scope != RuleScope.Row && (filter is not null || onFail is not null))
            throw y.Error(map, $"'{what}' is a table or schema rule: 'filter' and 'on_fail' only apply to row rules");
        return def.ReadArgument(y, new Rule
        {
            Name = name ?? (column is null ? what : $"{column}_{what}"),
            Kind = def.Kind, Column = column, Severity = severity, OnFail = onFail, Filter = filter, Exclusive = exclusive,
            Tolerance = tolerance, Quantile = quantile,
            Location = y.Location(map),
        }, found.Value);
    }
}
