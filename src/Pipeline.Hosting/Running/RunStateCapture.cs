using Pipeline.Core.Execution;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Partitioned;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Quality;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Partitions;

namespace Pipeline.Hosting.Running;

/// <summary>The mergeable state of a spec's run (<c>--state FILE</c>): which file and range it read, from the spec's
/// source options (<c>--row-groups</c>, <c>--byte-range</c>), and what its stages counted.</summary>
public static class RunStateCapture
{
    /// <summary>The state of a finished run of <paramref name="spec"/>.</summary>
    public static PartitionState Capture(PipelineSpec spec, string command, DateTimeOffset started, RunResults results, BatchOutcome outcome,
        Validation? validation, NullCounts? nulls, TableProfiler? profile)
    {
        var (file, unit, start, end) = Range(spec.Source.Path, spec.Source.Options.Partition);
        return PartitionCapture.Capture(file, unit, start, end, command, started, results, outcome, validation, nulls, profile);
    }

    /// <summary>The file and range a source reads: a partition's single file, else the whole input.</summary>
    public static (string File, string Unit, long Start, long End) Range(string path, InputPartition? partition)
    {
        if (partition is null) return (path == "-" ? path : Path.GetFullPath(path), "whole", 0, long.MaxValue);
        var file = IO.Formats.InputPaths.Expand(path)[0];
        return (Path.GetFullPath(file), partition.Unit == PartitionUnit.RowGroups ? "row_groups" : "bytes", partition.Start, partition.End);
    }
}
