using Pipeline.Core.Errors;

namespace Pipeline.Cli.Terminal;

/// <summary>The process exit codes, as documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;
    /// <summary>The run completed but checks failed.</summary>
    public const int ChecksFailed = 1;
    /// <summary>Bad input, bad spec or bad usage.</summary>
    public const int BadInput = 2;
    /// <summary>Internal error or external system failure.</summary>
    public const int Internal = 3;

    /// <summary>The exit code for an exception.</summary>
    public static int For(Exception error) => error switch
    {
        PipelineException p when p.IsUserError => BadInput,
        RestartRequiredException => BadInput,
        OperationCanceledException => Internal,
        _ => Internal,
    };
}
