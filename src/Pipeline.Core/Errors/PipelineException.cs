namespace Pipeline.Core.Errors;

/// <summary>
/// The one exception type Pipeline throws for failures a caller should handle. The message names the file,
/// row or column and what was wrong. Row-level data problems are not exceptions: they go to the quarantine.
/// </summary>
public sealed class PipelineException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="kind">What kind of failure this is.</param>
    /// <param name="message">A message naming the file, row or column and what was wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public PipelineException(PipelineErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    /// <summary>What kind of failure this is.</summary>
    public PipelineErrorKind Kind { get; }

    /// <summary>True when the fault is in the input or usage rather than in Pipeline or its environment.</summary>
    public bool IsUserError => Kind is PipelineErrorKind.InvalidInput or PipelineErrorKind.Schema or PipelineErrorKind.ResourcesExhausted;

    /// <summary>Shorthand for an <see cref="PipelineErrorKind.InvalidInput"/> error about a file.</summary>
    public static PipelineException InvalidInput(string path, string what, Exception? inner = null)
        => new(PipelineErrorKind.InvalidInput, $"{path}: {what}", inner);
}
