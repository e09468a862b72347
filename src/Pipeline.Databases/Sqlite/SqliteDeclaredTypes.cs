using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Pipeline.Databases.Sqlite;

/// <summary>
/// The full declared type of each result column (<c>DECIMAL(12,2)</c>, not just <c>DECIMAL</c>): Microsoft.Data.Sqlite's
/// <c>GetDataTypeName</c> drops the parenthesised precision, which decides the Arrow decimal's precision and scale.
/// Prepares the query once more without running it and asks SQLite directly.
/// </summary>
internal static class SqliteDeclaredTypes
{
    /// <summary>The declared types, empty where a column has none (expressions: typed by their first value).</summary>
    public static string?[] Of(SqliteConnection connection, string query)
    {
        int rc = raw.sqlite3_prepare_v2(connection.Handle, query, out sqlite3_stmt statement, out _);
        using (statement)
        {
            if (rc != raw.SQLITE_OK || statement.IsInvalid) return [];
            int count = raw.sqlite3_column_count(statement);
            var types = new string?[count];
            for (int i = 0; i < count; i++) types[i] = raw.sqlite3_column_decltype(statement, i).utf8_to_string() ?? "";
            return types;
        }
    }
}
