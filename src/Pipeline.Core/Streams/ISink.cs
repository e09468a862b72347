using Apache.Arrow;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Streams;

/// <summary>A terminal consumer of batches: a file, a database table, a report, a network endpoint.</summary>
public interface ISink
{
    /// <summary>The format name (<c>parquet</c>, <c>arrow</c>, <c>arrows</c>, <c>csv</c>, ...).</summary>
    string Format { get; }

    /// <summary>Where the data goes (a path, <c>-</c> for standard output, or a description).</summary>
    string Target { get; }

    /// <summary>Opens a writer for batches of the given schema. Nothing is visible at <see cref="Target"/> until
    /// <see cref="ISinkWriter.CommitAsync"/> succeeds.</summary>
    ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context);
}
