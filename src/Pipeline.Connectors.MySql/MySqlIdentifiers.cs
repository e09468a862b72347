using Pipeline.Core.Errors;

namespace Pipeline.Connectors.MySql;

/// <summary>MySQL identifier quoting with backticks (a backtick inside a name is doubled), for <c>db.table</c> names.</summary>
internal static class MySqlIdentifiers
{
    /// <summary>One quoted identifier.</summary>
    public static string Quote(string name)
    {
        if (name.Length == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, "an empty MySQL identifier");
        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>A table name, optionally <c>database.table</c>, quoted part by part.</summary>
    public static string QuoteTable(string table)
        => SchemaOf(table) is { } schema ? Quote(schema) + "." + Quote(NameOf(table)) : Quote(table);

    /// <summary>The database part of <c>database.table</c>, or null.</summary>
    public static string? SchemaOf(string table) => table.Contains('.', StringComparison.Ordinal) ? table[..table.LastIndexOf('.')] : null;

    /// <summary>The table part of a possibly qualified name.</summary>
    public static string NameOf(string table) => table.Contains('.', StringComparison.Ordinal) ? table[(table.LastIndexOf('.') + 1)..] : table;
}
