using Pipeline.Core.Errors;

namespace Pipeline.Cli.Terminal;

/// <summary>Writes diagnostics to standard error; standard output is reserved for data.</summary>
internal static class ErrorOutput
{
    /// <summary>Prints an error as one line, <c>pipeline: KIND: MESSAGE</c>; the stack trace follows only when
    /// <c>PIPELINE_DEBUG</c> is set (a user needs the message, a developer the trace).</summary>
    public static void Error(Exception error)
    {
        var kind = error switch
        {
            PipelineException p => p.Kind switch
            {
                PipelineErrorKind.Internal => "internal error",
                PipelineErrorKind.External => "external error",
                PipelineErrorKind.ResourcesExhausted => "resources exhausted",
                _ => "error",
            },
            OperationCanceledException => "cancelled",
            // The file system refused (read-only folder, full disk, permissions): not a bug, not bad input.
            IOException or UnauthorizedAccessException => "external error",
            _ => "internal error",
        };
        Console.Error.WriteLine($"pipeline: {kind}: {FirstLine(error.Message)}");
        if (Environment.GetEnvironmentVariable("PIPELINE_DEBUG") is { Length: > 0 })
            Console.Error.WriteLine(error.ToString());
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>Prints an informational line.</summary>
    public static void Info(string message) => Console.Error.WriteLine(message);
}
