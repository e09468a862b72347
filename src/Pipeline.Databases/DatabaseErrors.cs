using System.Data.Common;
using System.Net.Sockets;
using Pipeline.Core.Errors;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases;

/// <summary>
/// Turns driver exceptions into <see cref="PipelineException"/>s that name the endpoint (by its password-free
/// description) and what failed. Failures of the query or table the user wrote (syntax, missing table, wrong
/// column) are <see cref="PipelineErrorKind.InvalidInput"/>; an unreachable or failing server is
/// <see cref="PipelineErrorKind.External"/>. Every message is redacted with the connection's passwords.
/// </summary>
internal static class DatabaseErrors
{
    /// <summary>Wraps <paramref name="error"/> (returned as is when it already is a <see cref="PipelineException"/>).</summary>
    /// <param name="description">The endpoint's description.</param>
    /// <param name="what">What was being done, e.g. <c>cannot run the query</c>.</param>
    /// <param name="error">The driver's exception.</param>
    /// <param name="secrets">Values to remove from the message (passwords of the connection string).</param>
    public static Exception Wrap(string description, string what, Exception error, params string?[] secrets)
    {
        if (error is PipelineException or OperationCanceledException) return error;
        var kind = IsUserError(error) ? PipelineErrorKind.InvalidInput : PipelineErrorKind.External;
        var message = ConnectionSecrets.Redact($"{description}: {what}: {Flatten(error)}", secrets);
        // The inner exception is dropped on purpose: driver exceptions can carry the connection string.
        return new PipelineException(kind, message);
    }

    private static bool IsUserError(Exception error) => error switch
    {
        Npgsql.PostgresException pg => pg.SqlState.StartsWith("42", StringComparison.Ordinal)   // syntax, undefined table/column
                                       || pg.SqlState.StartsWith("22", StringComparison.Ordinal) // data exception
                                       || pg.SqlState == "3D000" || pg.SqlState == "28P01" || pg.SqlState == "28000", // no such database, bad login
        DuckDB.NET.Data.DuckDBException duck => duck.ErrorType is DuckDB.NET.Native.DuckDBErrorType.Parser
            or DuckDB.NET.Native.DuckDBErrorType.Catalog or DuckDB.NET.Native.DuckDBErrorType.Binder
            or DuckDB.NET.Native.DuckDBErrorType.Conversion or DuckDB.NET.Native.DuckDBErrorType.InvalidInput
            or DuckDB.NET.Native.DuckDBErrorType.Constraint or DuckDB.NET.Native.DuckDBErrorType.MismatchType
            // Some paths (Arrow streams) do not fill ErrorType; DuckDB's message names the kind first.
            || DuckDbUserErrorPrefixes.Any(p => duck.Message.StartsWith(p, StringComparison.Ordinal)),
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 1, // SQLITE_ERROR: SQL error or missing table
        ArgumentException or FormatException => true, // malformed connection string
        _ => false,
    };

    private static readonly string[] DuckDbUserErrorPrefixes =
        ["Parser Error", "Catalog Error", "Binder Error", "Conversion Error", "Invalid Input Error", "Constraint Error", "IO Error: No files found"];

    private static string Flatten(Exception error)
    {
        var text = error.Message.Trim();
        if (error is Npgsql.NpgsqlException { InnerException: SocketException socket })
            text += $" ({socket.Message})";
        else if (error is DbException && error.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal))
            text += $" ({inner.Message.Trim()})";
        return text;
    }
}
