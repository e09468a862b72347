using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>Opens the other tables of <c>exists_in</c> and <c>row_count_equals</c> through the run's
/// <see cref="PipelineContext.Sources"/> (the host decides which formats and systems a reference may name).</summary>
public static class ReferenceSources
{
    /// <summary>Opens a reference, reading only its column when it names one.</summary>
    /// <exception cref="PipelineException">The run has no way to open other tables.</exception>
    public static ISource Open(RuleReference reference, PipelineContext context)
    {
        var sources = context.Sources ?? throw new PipelineException(PipelineErrorKind.InvalidInput,
            $"reference table '{reference}': this run cannot open other tables (run it through the CLI or DataPipeline, or set PipelineContext.Sources)");
        return sources.Open(reference.Path, reference.Format, reference.Column is null ? null : [reference.Column]);
    }
}
