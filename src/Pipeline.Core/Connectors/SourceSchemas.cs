using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Connectors;

/// <summary>The schema of a source learned by opening its stream and closing it before the first pull (sources do
/// no heavy work before it), for connectors whose system has no cheaper way to describe a query.</summary>
public static class SourceSchemas
{
    /// <summary>Opens <paramref name="source"/> in a throwaway context and returns its stream's schema.</summary>
    public static Apache.Arrow.Schema Of(ISource source, CancellationToken cancellationToken)
    {
        using var context = new PipelineContext(new PipelineOptions(), cancellationToken);
        using var stream = source.Open(context);
        return stream.Schema;
    }
}
