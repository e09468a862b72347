using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Operators.Sort;

/// <summary>
/// Sorts a stream (<see cref="ExternalSort"/>): the first pull reads the whole input, later pulls return sorted
/// batches. Memory-bounded through the context's pool; spill files are deleted when the stream is disposed or
/// finishes.
/// </summary>
/// <param name="keys">Sort columns, most significant first.</param>
public sealed class SortOperator(IReadOnlyList<SortKey> keys) : IOperator
{
    /// <summary>The sort columns.</summary>
    public IReadOnlyList<SortKey> Keys { get; } = keys.Count > 0 ? keys : throw new ArgumentException("a sort needs at least one column", nameof(keys));

    /// <inheritdoc />
    public string Name => "sort";

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        ExternalSort sort;
        try { sort = new ExternalSort(context, input.Schema, Keys, Name); }
        catch
        {
            input.Dispose();
            throw;
        }
        return new BlockingOperatorStream(input, sort.OutputSchema, sort.Add, sort.Finish, sort, context);
    }
}
