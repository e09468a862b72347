namespace Pipeline.Core.Errors;

/// <summary>
/// Thrown by a source when what it already emitted turns out to be wrong for the rest of the input (for example a
/// CSV column sniffed as int64 that later holds text). The runner lets it through unchanged, every sink aborts (so
/// no output appears), and the host may run again with the corrected settings the exception carries.
/// </summary>
public abstract class RestartRequiredException : Exception
{
    /// <summary>Creates the exception with a message saying why a restart is needed.</summary>
    protected RestartRequiredException(string message) : base(message) { }
}
