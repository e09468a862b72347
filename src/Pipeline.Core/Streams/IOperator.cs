using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Streams;

/// <summary>Stateful or blocking work, stream to stream (aggregation, sort, join). Operators that buffer data
/// reserve memory from the context's memory pool and spill past it.</summary>
public interface IOperator
{
    /// <summary>Name shown in metrics and <c>results.json</c>.</summary>
    string Name { get; }

    /// <summary>Wraps the input stream; takes ownership of it.</summary>
    IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context);
}
