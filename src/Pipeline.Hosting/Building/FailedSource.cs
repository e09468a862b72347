using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Hosting.Building;

/// <summary>Stands in for a source whose preparation failed, so the failure goes through the job like any other
/// and is recorded in the results (status <c>error</c>) instead of escaping before the run.</summary>
internal sealed class FailedSource(ISource original, Exception error) : ISource
{
    public string Format => original.Format;

    public IReadOnlyList<string> Files => original.Files;

    public IArrowArrayStream Open(PipelineContext context)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        return null!;
    }
}
