using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Hosting.Building;

/// <summary>A source over an <see cref="IArrowArrayStream"/> the host handed in; it can be opened once, since a
/// stream cannot be rewound.</summary>
internal sealed class HostStreamSource(IArrowArrayStream stream) : ISource
{
    private int _opened;

    public string Format => "arrow-stream";

    public IReadOnlyList<string> Files => [];

    public IArrowArrayStream Open(PipelineContext context)
    {
        if (Interlocked.Exchange(ref _opened, 1) == 1)
            throw new PipelineException(PipelineErrorKind.InvalidInput, "a host Arrow stream can be read by one run only; pass a new stream to each run");
        return stream;
    }
}
