using Apache.Arrow;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Execution;

/// <summary>What a finished run produced.</summary>
/// <param name="InputSchema">Schema of the source stream.</param>
/// <param name="OutputSchema">Schema after the transforms (what the sinks received).</param>
/// <param name="RowsRead">Rows the source produced (rows rejected while reading are not in this count; see <paramref name="RowsQuarantined"/>).</param>
/// <param name="RowsWritten">Rows that reached the sinks.</param>
/// <param name="RowsQuarantined">Rows rejected anywhere in the run.</param>
/// <param name="Analyzers">The merged analyzer states, in plan order.</param>
public sealed record BatchOutcome(
    Schema InputSchema,
    Schema OutputSchema,
    long RowsRead,
    long RowsWritten,
    long RowsQuarantined,
    IReadOnlyList<IAnalyzer> Analyzers);
