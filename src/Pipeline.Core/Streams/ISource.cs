using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Streams;

/// <summary>
/// Describes an input. <see cref="Open"/> returns a stream that does no heavy work before the first pull
/// (readers may sniff a bounded sample to learn the schema). Ownership of every batch moves to the caller.
/// </summary>
public interface ISource
{
    /// <summary>The format name (<c>csv</c>, <c>jsonl</c>, <c>parquet</c>, <c>arrow</c>, <c>arrows</c>, ...).</summary>
    string Format { get; }

    /// <summary>The files this source reads (empty for standard input or in-memory sources), for the run's audit.</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>Opens the stream. Malformed rows go to <see cref="PipelineContext.Quarantine"/>; bytes read are
    /// reported to <see cref="PipelineContext.Progress"/>.</summary>
    /// <exception cref="Errors.PipelineException">The input cannot be read at all (missing file, corrupt header).</exception>
    IArrowArrayStream Open(PipelineContext context);
}
