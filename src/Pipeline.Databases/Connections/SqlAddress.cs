using Pipeline.Core.Connectors;

namespace Pipeline.Databases.Connections;

/// <summary>The options SQL database URIs share: <c>?table=t</c> or <c>?query=...</c> for a source,
/// <c>?table=t&amp;mode=create|append|replace</c> for a sink.</summary>
public static class SqlAddress
{
    /// <summary>The query a source runs: <c>?query=</c> as given, or all columns of <c>?table=</c>.</summary>
    /// <param name="address">The address.</param>
    /// <param name="quoteTable">The dialect's quoting of a (schema-qualified) table name.</param>
    /// <exception cref="Core.Errors.PipelineException">Neither or both are given, or the sink-only <c>mode</c> is.</exception>
    public static string Query(ConnectorAddress address, Func<string, string> quoteTable)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(quoteTable);
        var table = address.Parameter("table");
        var query = address.Parameter("query");
        if (address.Parameter("mode") is not null) throw address.Error("'mode' is a sink option; a source reads ?table= or ?query=");
        if (table is not null && query is not null) throw address.Error("takes ?table= or ?query=, not both");
        if (table is not null) return $"SELECT * FROM {quoteTable(table)}";
        return query ?? throw address.Error("needs ?table=NAME or ?query=SELECT... (URL-encoded)");
    }

    /// <summary>The table and mode of a sink.</summary>
    /// <exception cref="Core.Errors.PipelineException">No table, a query, or an unknown mode.</exception>
    public static (string Table, TableWriteMode Mode) Table(ConnectorAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Parameter("query") is not null) throw address.Error("a sink writes a ?table=, it takes no ?query=");
        var table = address.Require("table", "?table=orders&mode=replace");
        var modeName = address.Parameter("mode") ?? "replace";
        if (!TableWriteModes.Names.Contains(modeName.ToLowerInvariant()))
            throw address.Error($"mode must be one of {string.Join(", ", TableWriteModes.Names)}, not '{modeName}'");
        return (table, TableWriteModes.Parse(modeName));
    }
}
