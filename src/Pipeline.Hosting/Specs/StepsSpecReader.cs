using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>Reads <c>sources:</c> and <c>steps:</c> of a spec (see <c>docs/spec.md</c>), with file:line:column errors.</summary>
internal static class StepsSpecReader
{
    private static readonly string[] StepKeys =
        ["name", "from", "select", "rename", "cast", "derive", "filter", "clean", "rules", "enrich", "dedup", "join", "aggregate", "union", "sort", "limit", "profile", "checkpoint", "sinks"];
    private static readonly string[] JoinKeys = ["with", "on", "how"];
    private static readonly string[] JoinKinds = ["inner", "left", "semi", "anti"];
    private static readonly string[] AggregateKeys = ["by", "measures"];

    /// <summary><c>sources: {name: path | {path: .., format: .., csv: ..}}</c>.</summary>
    public static Dictionary<string, SourceSpec> ReadSources(YamlNodes y, YamlNode node, Func<YamlNode, SourceSpec> readSource)
    {
        var sources = new Dictionary<string, SourceSpec>(StringComparer.Ordinal);
        foreach (var (k, v) in y.Mapping(node, "sources").Children)
        {
            var name = y.Scalar(k, "source name");
            if (!sources.TryAdd(name, readSource(v) with { Definition = Text(v) })) throw y.Error(k, $"source '{name}' is named twice");
        }
        if (sources.Count == 0) throw y.Error(node, "sources: needs at least one source");
        return sources;
    }

    /// <summary><c>steps: [{name: .., from: .., ...}]</c>.</summary>
    public static List<StepSpec> ReadSteps(YamlNodes y, YamlNode node, Func<YamlNode, SinkSpec> readSink)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
            throw y.Error(node, "steps: needs a list of steps (- name: ...)");
        var steps = new List<StepSpec>();
        foreach (var item in sequence.Children) steps.Add(ReadStep(y, y.Mapping(item, "a step"), readSink));
        return steps;
    }

    private static StepSpec ReadStep(YamlNodes y, YamlMappingNode map, Func<YamlNode, SinkSpec> readSink)
    {
        var nameNode = map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "name" }).Value
            ?? throw y.Error(map, "a step needs 'name:'");
        var name = y.Scalar(nameNode, "step name");
        if (name.Length == 0 || name.Any(ch => !(char.IsLetterOrDigit(ch) || ch is '_' or '-')))
            throw y.Error(nameNode, $"step name '{name}' may hold only letters, digits, '_' and '-' (it names the step's folder)");
        var step = new StepSpec(name, y.Location(map)) { Definition = Text(map) };
        string what = $"step '{name}'";
        foreach (var (key, value) in y.Entries(map, what, StepKeys))
        {
            step = key switch
            {
                "name" => step,
                "from" => step with { From = y.StringList(value, $"{what}.from") },
                "select" => step with { Select = y.StringList(value, $"{what}.select") },
                "rename" => step with { Rename = ReadPairs(y, value, $"{what}.rename") },
                "cast" => step with { Cast = ReadPairs(y, value, $"{what}.cast") },
                "derive" => step with { Derive = ReadDerive(y, value, what) },
                "filter" => step with { Filter = Expression(y, value, "filter", $"{what}.filter") },
                "clean" => step with { Clean = Engine.Clean.CleaningReader.Read(y, value) },
                "rules" => step with { Rules = Engine.Validate.Parsing.RulesReader.Read(y, value) },
                "enrich" => step with { Enrich = Engine.Enrich.EnrichReader.Read(y, value) },
                "dedup" => step with { Dedup = OperatorSpecReader.ReadDedup(y, value) },
                "join" => step with { Join = ReadJoin(y, value, what) },
                "aggregate" => step with { Aggregate = ReadAggregate(y, value, what) },
                "union" => step with { Union = y.StringList(value, $"{what}.union") },
                "sort" => step with { Sort = OperatorSpecReader.ReadSort(y, value) },
                "limit" => step with { Limit = ReadLimit(y, value, what) },
                "profile" => step with { Profile = y.Bool(value, $"{what}.profile") },
                "checkpoint" => step with { Checkpoint = y.Bool(value, $"{what}.checkpoint") },
                "sinks" => step with { Sinks = value is YamlSequenceNode s ? [.. s.Children.Select(readSink)] : [readSink(value)] },
                _ => step,
            };
        }
        return step;
    }

    /// <summary>An expression of a step, its syntax checked now so a mistake names the file, line and column of the
    /// character where it is (types are checked when the step's input schema is known).</summary>
    private static DerivedColumn Expression(YamlNodes y, YamlNode node, string name, string what)
    {
        var text = y.Scalar(node, what);
        var location = y.Location(node);
        try { Engine.Expressions.Syntax.ExpressionParser.Parse(text); }
        catch (Engine.Expressions.ExpressionException ex)
        {
            // A quoted scalar starts one column before its text; a plain one at it (a block scalar is not placed).
            int offset = node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted } ? 1 : 0;
            bool oneLine = node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded) } && !text.Contains('\n');
            var at = oneLine ? $"{y.File}:{node.Start.Line}:{node.Start.Column + offset + ex.Position - 1}" : location;
            throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, $"{at}: {what}: {ex.Message}");
        }
        return new DerivedColumn(name, text, location);
    }

    /// <summary>A node as YAML text, for comparing a step with the one a resumed run's manifest recorded.</summary>
    internal static string Text(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static long ReadLimit(YamlNodes y, YamlNode node, string what)
    {
        if (!long.TryParse(y.Scalar(node, $"{what}.limit"), out long limit) || limit < 0)
            throw y.Error(node, $"{what}.limit must be a whole number of rows (0 or more)");
        return limit;
    }

    private static Dictionary<string, string> ReadPairs(YamlNodes y, YamlNode node, string what)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in y.Mapping(node, what).Children)
        {
            var key = y.Scalar(k, $"{what} key");
            if (!pairs.TryAdd(key, y.Scalar(v, $"{what}.{key}"))) throw y.Error(k, $"{what}: '{key}' is given twice");
        }
        return pairs;
    }

    private static List<DerivedColumn> ReadDerive(YamlNodes y, YamlNode node, string what)
    {
        var columns = new List<DerivedColumn>();
        foreach (var (k, v) in y.Mapping(node, $"{what}.derive").Children)
        {
            var name = y.Scalar(k, "derived column name");
            if (columns.Any(c => c.Name == name)) throw y.Error(k, $"{what}.derive: '{name}' is derived twice");
            columns.Add(Expression(y, v, name, $"{what}.derive.{name}"));
        }
        if (columns.Count == 0) throw y.Error(node, $"{what}.derive needs at least one column: expression");
        return columns;
    }

    private static JoinSpec ReadJoin(YamlNodes y, YamlNode node, string what)
    {
        var map = y.Mapping(node, $"{what}.join");
        string? with = null;
        var keys = new List<(string, string)>();
        string how = "inner";
        foreach (var (key, value) in y.Entries(map, $"{what}.join", JoinKeys))
        {
            switch (key)
            {
                case "with": with = y.Scalar(value, $"{what}.join.with"); break;
                case "on":
                    if (value is YamlScalarNode)
                    {
                        var column = y.Scalar(value, $"{what}.join.on");
                        keys.Add((column, column));
                    }
                    else if (value is YamlSequenceNode columns)
                        keys.AddRange(columns.Children.Select(c => y.Scalar(c, $"{what}.join.on")).Select(c => (c, c)));
                    else
                        keys.AddRange(y.Mapping(value, $"{what}.join.on").Children.Select(kv => (y.Scalar(kv.Key, "join key"), y.Scalar(kv.Value, "join key"))));
                    break;
                case "how":
                    how = y.Scalar(value, $"{what}.join.how");
                    if (!JoinKinds.Contains(how))
                        throw y.Error(value, $"{what}.join.how must be one of {string.Join(", ", JoinKinds)}" + (YamlNodes.Suggest(how, JoinKinds) is { } s ? $" (did you mean '{s}'?)" : ""));
                    break;
            }
        }
        if (with is null) throw y.Error(map, $"{what}.join needs 'with:' (a source or an earlier step)");
        if (keys.Count == 0) throw y.Error(map, $"{what}.join needs 'on:' (column, list of columns, or {{this_column: other_column}})");
        return new JoinSpec(with, keys, how);
    }

    private static AggregateStepSpec ReadAggregate(YamlNodes y, YamlNode node, string what)
    {
        var map = y.Mapping(node, $"{what}.aggregate");
        IReadOnlyList<string> by = [];
        var measures = new List<DerivedColumn>();
        foreach (var (key, value) in y.Entries(map, $"{what}.aggregate", AggregateKeys))
        {
            if (key == "by") by = y.StringList(value, $"{what}.aggregate.by");
            else
                foreach (var (k, v) in y.Mapping(value, $"{what}.aggregate.measures").Children)
                {
                    var name = y.Scalar(k, "measure name");
                    if (measures.Any(m => m.Name == name)) throw y.Error(k, $"{what}.aggregate: measure '{name}' is given twice");
                    measures.Add(new DerivedColumn(name, y.Scalar(v, $"{what}.aggregate.measures.{name}"), y.Location(v)));
                }
        }
        if (measures.Count == 0 && by.Count == 0) throw y.Error(map, $"{what}.aggregate needs 'by:' and/or 'measures:'");
        return new AggregateStepSpec(by, measures);
    }
}
