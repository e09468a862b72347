namespace Pipeline.Core.Errors;

/// <summary>What went wrong, coarsely: decides the CLI exit code and whether a retry can help.</summary>
public enum PipelineErrorKind
{
    /// <summary>The input data or a user-supplied argument is malformed (exit code 2).</summary>
    InvalidInput,
    /// <summary>The data does not match the expected or declared schema (exit code 2).</summary>
    Schema,
    /// <summary>A memory, disk or size limit was reached (exit code 2: the input is too large for the settings).</summary>
    ResourcesExhausted,
    /// <summary>An external system (database, file system, native library) failed (exit code 3).</summary>
    External,
    /// <summary>A bug in Pipeline itself (exit code 3).</summary>
    Internal,
}
