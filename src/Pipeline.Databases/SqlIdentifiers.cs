using Pipeline.Core.Errors;

namespace Pipeline.Databases;

/// <summary>Quoting of table and column names for DuckDB and PostgreSQL (both use SQL-standard double quotes).</summary>
public static class SqlIdentifiers
{
    /// <summary>Quotes one identifier: <c>a"b</c> becomes <c>"a""b"</c>.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Quotes a table name that may be qualified (<c>schema.table</c>); each part is quoted on its own.</summary>
    /// <exception cref="PipelineException">The name is empty or has an empty part.</exception>
    public static string QuoteTable(string table)
    {
        var parts = table.Split('.');
        if (parts.Any(string.IsNullOrWhiteSpace))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"'{table}' is not a valid table name (expected table or schema.table)");
        return string.Join('.', parts.Select(Quote));
    }

    /// <summary>The schema part of a qualified table name, or null.</summary>
    public static string? SchemaOf(string table) => table.Contains('.') ? table[..table.LastIndexOf('.')] : null;

    /// <summary>The unqualified table name.</summary>
    public static string NameOf(string table) => table.Contains('.') ? table[(table.LastIndexOf('.') + 1)..] : table;

    /// <summary>A SQL string literal: <c>it's</c> becomes <c>'it''s'</c>.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
