namespace Pipeline.IO.Formats;

/// <summary>
/// Implemented by a source's <see cref="Pipeline.Core.Errors.RestartRequiredException"/> to say how the reader
/// settings must change for a second, correct pass (for example the CSV column types that a late row widened).
/// </summary>
public interface ISourceCorrection
{
    /// <summary>Returns the settings to use for the next attempt.</summary>
    SourceOptions Apply(SourceOptions options);
}
