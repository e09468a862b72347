using Pipeline.Core.Errors;

namespace Pipeline.Engine.Partitioned;

/// <summary>
/// The mergeable state of one or more partitions of a run (<c>--state FILE</c>). Merging keeps each partition's state
/// (<see cref="Merge"/> checks that they fit together and do not overlap); the arithmetic happens once, in
/// <see cref="MergedRun.Finish"/>, over the partitions in file and range order. So any order and any grouping of
/// merges (a tree reduction on a cluster) gives the same bytes: merging is associative and commutative by
/// construction, and the result equals folding the partitions left to right.
/// </summary>
public sealed class RunState
{
    /// <summary>A state of the given partitions.</summary>
    public RunState(IReadOnlyList<PartitionState> partitions)
    {
        Partitions = partitions;
    }

    /// <summary>The partitions, in file and range order.</summary>
    public IReadOnlyList<PartitionState> Partitions { get; }

    /// <summary>Rows read by all partitions.</summary>
    public long Rows => Partitions.Sum(p => p.Read);

    /// <summary>The states of both, as one.</summary>
    /// <exception cref="PipelineException">The states checked other rules, read tables of another schema, or share a partition.</exception>
    public static RunState Merge(RunState a, RunState b, string labelA = "first state", string labelB = "second state")
    {
        if (a.Partitions.Count > 0 && b.Partitions.Count > 0)
        {
            var x = a.Partitions[0];
            var y = b.Partitions[0];
            if (!string.Equals(x.RulesJson, y.RulesJson, StringComparison.Ordinal))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{labelB}: checked other rules than {labelA}; only states of the same rules merge");
            if (x.SchemaBytes.Length > 0 && y.SchemaBytes.Length > 0 && !x.SchemaBytes.AsSpan().SequenceEqual(y.SchemaBytes))
                throw new PipelineException(PipelineErrorKind.Schema,
                    $"{labelB}: {y.Label} was read with another schema than {x.Label} ({Describe(y)} vs {Describe(x)}); a CSV partition whose values widened a column can be fixed with --types");
            if ((x.Profile is null) != (y.Profile is null))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{labelB}: {(y.Profile is null ? "has no profile" : "has a profile")} but {labelA} {(x.Profile is null ? "has none" : "has one")}");
            foreach (var p in a.Partitions)
                foreach (var q in b.Partitions)
                    if (p.Overlaps(q))
                        throw new PipelineException(PipelineErrorKind.InvalidInput, $"{labelB}: partition {q.Label} overlaps {p.Label} of {labelA} (merged twice?)");
        }
        return new RunState([.. a.Partitions.Concat(b.Partitions).OrderBy(p => p.OrderKey.File, StringComparer.Ordinal).ThenBy(p => p.OrderKey.Start).ThenBy(p => p.OrderKey.End)]);
    }

    private static string Describe(PartitionState p)
    {
        try
        {
            return string.Join(", ", Analyze.Profile.ProfileStateFile.ReadSchema(p.SchemaBytes).FieldsList.Select(f => $"{f.Name} {Results.TypeNames.Describe(f.DataType)}"));
        }
        catch (InvalidDataException)
        {
            return "an unreadable schema";
        }
    }
}
