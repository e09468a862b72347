using Pipeline.Engine.Yaml;
using Pipeline.Engine.Validate.Parsing;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Clean;

/// <summary>
/// Reads a spec's <c>clean:</c> mapping (column → steps; documented in <c>docs/spec.md</c>). Mistakes are reported
/// with <c>FILE:LINE:COLUMN</c> and a "did you mean".
/// </summary>
internal static class CleaningReader
{
    private static readonly string[] StepKeys = ["null_tokens", "trim", "collapse_whitespace", "nfc", "case", "map", "merge_near_duplicates", "parse", "outliers", "impute"];

    public static IReadOnlyList<ColumnCleaning> Read(YamlNodes y, YamlNode node)
    {
        var map = y.Mapping(node, "clean (column: steps)");
        var list = new List<ColumnCleaning>();
        foreach (var (k, v) in map.Children)
        {
            var column = y.Scalar(k, "column name");
            var c = new ColumnCleaning { Column = column, Location = y.Location(k) };
            foreach (var (key, value) in y.Entries(y.Mapping(v, $"the cleaning of '{column}'"), $"the cleaning of '{column}'", StepKeys))
            {
                c = key switch
                {
                    "null_tokens" => c with { NullTokens = value is YamlSequenceNode ? y.StringList(value, key) : y.Bool(value, key) ? ColumnCleaning.DefaultNullTokens : null },
                    "trim" => c with { Trim = y.Bool(value, key) },
                    "collapse_whitespace" => c with { CollapseWhitespace = y.Bool(value, key) },
                    "nfc" => c with { Nfc = y.Bool(value, key) },
                    "case" => c with { Case = Enum(y, value, key, ("lower", TextCase.Lower), ("upper", TextCase.Upper), ("title", TextCase.Title)) },
                    "map" => c with { Map = y.Mapping(value, "map (from: to)").Children.ToDictionary(e => y.Scalar(e.Key, "map key"), e => y.Scalar(e.Value, "map value"), StringComparer.Ordinal) },
                    "merge_near_duplicates" => c with { MergeNearDuplicates = y.Bool(value, key) },
                    "parse" => c with { Parse = ReadParse(y, value) },
                    "outliers" => c with { Outliers = ReadOutliers(y, value) },
                    _ => c with { Impute = ReadImpute(y, value) },
                };
            }
            if (c.Outliers is { Action: OutlierAction.Null } && c.Impute is { Strategy: ImputeStrategy.ForwardFill or ImputeStrategy.BackwardFill })
                throw y.Error(k, $"clean '{column}': forward/backward fill after nulling outliers is ambiguous; clip the outliers or impute with the median");
            list.Add(c);
        }
        return list;
    }

    private static T Enum<T>(YamlNodes y, YamlNode value, string what, params (string Name, T Value)[] options)
    {
        var text = y.Scalar(value, what);
        foreach (var (name, v) in options) if (name == text) return v;
        var names = options.Select(o => o.Name).ToArray();
        throw y.Error(value, $"{what} must be one of {string.Join(", ", names)}, not '{text}'" + (YamlNodes.Suggest(text, names) is { } s ? $" (did you mean '{s}'?)" : ""));
    }

    private static ParseStep ReadParse(YamlNodes y, YamlNode value)
    {
        (string, ParseTarget)[] targets = [("number", ParseTarget.Number), ("date", ParseTarget.Date), ("timestamp", ParseTarget.Timestamp)];
        if (value is YamlScalarNode) return new ParseStep(Enum(y, value, "parse", targets), null);
        ParseTarget? target = null;
        string? format = null;
        foreach (var (k, v) in y.Entries(y.Mapping(value, "parse"), "parse", "type", "format"))
        {
            if (k == "type") target = Enum(y, v, "parse type", targets);
            else format = y.Scalar(v, "format");
        }
        if (target is null) throw y.Error(value, "parse needs 'type: number|date|timestamp'");
        if (format is not null)
        {
            if (target == ParseTarget.Number && !ValueParsing.NumberStyles.Contains(format))
                throw y.Error(value, $"number format must be one of {string.Join(", ", ValueParsing.NumberStyles)}, not '{format}'");
            if (target != ParseTarget.Number)
            {
                try { _ = StrftimeFormat.ToDotNet(format); }
                catch (FormatException ex) { throw y.Error(value, ex.Message); }
            }
        }
        return new ParseStep(target.Value, format);
    }

    private static readonly (string, OutlierMethod)[] Methods = [("iqr", OutlierMethod.Iqr), ("zscore", OutlierMethod.ZScore), ("mad", OutlierMethod.Mad)];

    private static OutlierStep ReadOutliers(YamlNodes y, YamlNode value)
    {
        if (value is YamlScalarNode) return new OutlierStep(Enum(y, value, "outliers", Methods), null, OutlierAction.Flag);
        OutlierMethod method = OutlierMethod.Iqr;
        double? k = null;
        var action = OutlierAction.Flag;
        foreach (var (key, v) in y.Entries(y.Mapping(value, "outliers"), "outliers", "method", "k", "action"))
        {
            switch (key)
            {
                case "method": method = Enum(y, v, "method", Methods); break;
                case "k":
                    k = y.Double(v, "k");
                    if (k <= 0) throw y.Error(v, "k must be positive");
                    break;
                default:
                    action = Enum(y, v, "action", ("flag", OutlierAction.Flag), ("clip", OutlierAction.Clip), ("null", OutlierAction.Null), ("quarantine", OutlierAction.Quarantine));
                    break;
            }
        }
        return new OutlierStep(method, k, action);
    }

    private static readonly (string, ImputeStrategy)[] Strategies = [("constant", ImputeStrategy.Constant), ("mean", ImputeStrategy.Mean),
        ("median", ImputeStrategy.Median), ("mode", ImputeStrategy.Mode), ("forward_fill", ImputeStrategy.ForwardFill), ("backward_fill", ImputeStrategy.BackwardFill)];

    private static ImputeStep ReadImpute(YamlNodes y, YamlNode value)
    {
        if (value is YamlScalarNode)
        {
            var s = Enum(y, value, "impute", Strategies);
            if (s == ImputeStrategy.Constant) throw y.Error(value, "impute: constant needs a value: {strategy: constant, value: X}");
            return new ImputeStep(s, null, false);
        }
        ImputeStrategy? strategy = null;
        string? constant = null;
        bool indicator = false;
        foreach (var (key, v) in y.Entries(y.Mapping(value, "impute"), "impute", "strategy", "value", "indicator"))
        {
            switch (key)
            {
                case "strategy": strategy = Enum(y, v, "strategy", Strategies); break;
                case "value": constant = y.Scalar(v, "value"); break;
                default: indicator = y.Bool(v, "indicator"); break;
            }
        }
        if (strategy is null) throw y.Error(value, "impute needs 'strategy:' (constant, mean, median, mode, forward_fill, backward_fill)");
        if ((strategy == ImputeStrategy.Constant) != (constant is not null))
            throw y.Error(value, strategy == ImputeStrategy.Constant ? "impute: constant needs 'value:'" : "'value:' only applies to strategy: constant");
        return new ImputeStep(strategy.Value, constant, indicator);
    }
}
