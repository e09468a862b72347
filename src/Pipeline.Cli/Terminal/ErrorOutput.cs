using Pipeline.Core.Errors;

namespace Pipeline.Cli.Terminal;

/// <summary>Writes diagnostics to standard error; standard output is reserved for data.</summary>
internal static class ErrorOutput
{
    /// <summary>Prints an error in the form <c>pipeline: error: MESSAGE</c>; internal errors also print the stack trace
    /// when <c>PIPELINE_DEBUG</c> is set.</summary>
    public static void Error(Exception error)
    {
        var kind = error is PipelineException p ? p.Kind switch
        {
            PipelineErrorKind.Internal => "internal error",
            PipelineErrorKind.External => "external error",
            PipelineErrorKind.ResourcesExhausted => "resources exhausted",
            _ => "error",
        } : error is OperationCanceledException ? "cancelled" : "internal error";
        Console.Error.WriteLine($"pipeline: {kind}: {error.Message}");
        if (Environment.GetEnvironmentVariable("PIPELINE_DEBUG") is { Length: > 0 } || kind == "internal error" && error is not PipelineException)
            Console.Error.WriteLine(error.ToString());
    }

    /// <summary>Prints an informational line.</summary>
    public static void Info(string message) => Console.Error.WriteLine(message);
}
