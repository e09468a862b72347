using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Everything a join decides from its two schemas before reading a row: how each key pair compares
/// (<see cref="KeyPairing"/>), which build columns it outputs and under which names, and the output schema.
/// Output: every probe column, then (inner, left) every build column but the build keys (their values equal the
/// probe keys). A build column named like a probe column gets the suffix <c>_{buildName}</c>, then
/// <c>_{buildName}_2</c>, <c>_3</c>... while that is taken too. In a left join the build columns are nullable.
/// Dictionary columns come out decoded (the output is a gather, as for sort and dedup). Given the probe columns to
/// output, the others (a key nothing after the join reads) are left out; names are decided as if all were there.
/// </summary>
internal sealed class JoinPlan
{
    public JoinPlan(Schema probe, Schema build, IReadOnlyList<(string Probe, string Build)> keys, JoinKind kind, string buildName,
        IReadOnlySet<string>? probeOutput = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, $"a join with '{buildName}' needs at least one key pair");
        var probeKeys = new List<KeyColumn>();
        var buildKeys = new List<KeyColumn>();
        foreach (var (p, b) in keys)
        {
            var (pk, bk) = KeyPairing.Pair(probe, build, p, b);
            probeKeys.Add(pk);
            buildKeys.Add(bk);
        }
        ProbeKeys = probeKeys;
        BuildKeys = buildKeys;
        Kind = kind;
        ProbeSpillSchema = RowGather.OutputSchema(probe);
        BuildSpillSchema = RowGather.OutputSchema(build);
        bool withBuild = kind is JoinKind.Inner or JoinKind.Left;
        var keyColumns = buildKeys.Select(k => k.Column).ToHashSet();
        Payload = withBuild ? [.. Enumerable.Range(0, build.FieldsList.Count).Where(c => !keyColumns.Contains(c))] : [];

        int[] probeColumns = [.. Enumerable.Range(0, probe.FieldsList.Count).Where(c => probeOutput is null || probeOutput.Contains(probe.FieldsList[c].Name))];
        var fields = probeColumns.Select(c => ProbeSpillSchema.FieldsList[c]).ToList();
        var probeNames = ProbeSpillSchema.FieldsList.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        // Build columns that collide with nothing keep their names, so a renamed column never takes one of theirs.
        var taken = new HashSet<string>(probeNames, StringComparer.Ordinal);
        foreach (int c in Payload) if (!probeNames.Contains(build.FieldsList[c].Name)) taken.Add(build.FieldsList[c].Name);
        foreach (int c in Payload)
        {
            var field = BuildSpillSchema.FieldsList[c];
            string name = field.Name;
            if (probeNames.Contains(name))
            {
                string stem = $"{name}_{buildName}";
                name = stem;
                for (int i = 2; taken.Contains(name); i++) name = $"{stem}_{i}";
                taken.Add(name);
            }
            fields.Add(new Field(name, field.DataType, field.IsNullable || kind == JoinKind.Left, field.Metadata));
        }
        var builder = new Schema.Builder();
        foreach (var field in fields) builder.Field(field);
        if (probe.Metadata is { } metadata) builder.Metadata(metadata);
        OutputSchema = builder.Build();
        Output = new JoinOutput(OutputSchema, probeColumns, withBuild);
    }

    public JoinKind Kind { get; }

    public IReadOnlyList<KeyColumn> ProbeKeys { get; }

    public IReadOnlyList<KeyColumn> BuildKeys { get; }

    /// <summary>Build columns in the output (after the probe columns), in build order.</summary>
    public IReadOnlyList<int> Payload { get; }

    public Schema OutputSchema { get; }

    /// <summary>Assembles the output batches.</summary>
    public JoinOutput Output { get; }

    /// <summary>Schema of probe rows written to spill partitions (dictionaries decoded).</summary>
    public Schema ProbeSpillSchema { get; }

    /// <summary>Schema of build rows written to spill partitions (dictionaries decoded).</summary>
    public Schema BuildSpillSchema { get; }
}
