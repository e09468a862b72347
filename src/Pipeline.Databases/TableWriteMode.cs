using Pipeline.Core.Errors;

namespace Pipeline.Databases;

/// <summary>What a database sink does when its table already exists. Every mode is transactional: until the run
/// commits, readers see the previous table (or none), and a failed or killed run leaves it unchanged.</summary>
public enum TableWriteMode
{
    /// <summary>Create the table; fail before writing anything if it already exists.</summary>
    Create,
    /// <summary>Add the rows to the table (created when missing); columns are matched by name.</summary>
    Append,
    /// <summary>Swap in a new table with the run's rows, dropping the old one in the same transaction (the default,
    /// like a file sink overwriting its file).</summary>
    Replace,
}

/// <summary>Parsing of <see cref="TableWriteMode"/> names as written in specs (<c>create</c>, <c>append</c>, <c>replace</c>).</summary>
public static class TableWriteModes
{
    /// <summary>The spec names, for help and error text.</summary>
    public static IReadOnlyList<string> Names { get; } = ["create", "append", "replace"];

    /// <summary>Parses a mode name.</summary>
    /// <exception cref="PipelineException">The name is not one of <see cref="Names"/>.</exception>
    public static TableWriteMode Parse(string name) => name.ToLowerInvariant() switch
    {
        "create" => TableWriteMode.Create,
        "append" => TableWriteMode.Append,
        "replace" => TableWriteMode.Replace,
        _ => throw new PipelineException(PipelineErrorKind.InvalidInput, $"unknown table mode '{name}' (known: {string.Join(", ", Names)})"),
    };
}
