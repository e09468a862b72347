using Pipeline.Engine.Yaml;
using Pipeline.Databases;
using Pipeline.Databases.Connections;
using Pipeline.Databases.DuckDb;
using Pipeline.IO.Formats;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>
/// Reads the database forms of <c>source:</c> and <c>sinks:</c> (documented in <c>docs/spec.md</c>):
/// <c>sql:</c>, <c>duckdb:</c>, <c>postgres:</c> and <c>sqlite:</c> sources, <c>duckdb:</c> and <c>postgres:</c> sinks.
/// Connection strings may hold <c>${NAME}</c> references, expanded from the environment here; the expanded string
/// stays inside the source or sink, and the spec records carry only the password-free description.
/// </summary>
internal static class DatabaseSpecReader
{
    /// <summary>The source keys that name a database source.</summary>
    public static readonly string[] SourceKinds = ["sql", "duckdb", "postgres", "sqlite"];

    /// <summary>The sink keys that name a database sink.</summary>
    public static readonly string[] SinkKinds = ["duckdb", "postgres"];

    private static readonly string[] DuckDbSourceKeys = ["database", "query", "table"];
    private static readonly string[] PostgresSourceKeys = ["connection", "query", "table"];
    private static readonly string[] SqliteSourceKeys = ["database", "query", "table"];
    private static readonly string[] DuckDbSinkKeys = ["database", "table", "mode"];
    private static readonly string[] PostgresSinkKeys = ["connection", "table", "mode"];

    /// <summary>The database source this mapping describes, or null when it is a file source.</summary>
    public static SourceSpec? ReadSource(YamlNodes y, YamlMappingNode map, string baseDir)
    {
        var kind = KindOf(y, map, SourceKinds, "source");
        if (kind is null) return null;
        var (key, value) = kind.Value;
        Core.Streams.ISource source = key switch
        {
            "sql" => new DuckDbSource(null, y.Scalar(value, "source.sql"), baseDir),
            "duckdb" => ReadDuckDbSource(y, value, baseDir),
            "postgres" => ReadPostgresSource(y, value),
            _ => ReadSqliteSource(y, value, baseDir),
        };
        return new SourceSpec(((IDatabaseEndpoint)source).Description, new SourceOptions { Format = source.Format }) { Instance = source };
    }

    /// <summary>The database sink this mapping describes, or null when it is a file sink.</summary>
    public static SinkSpec? ReadSink(YamlNodes y, YamlMappingNode map, string baseDir)
    {
        var kind = KindOf(y, map, SinkKinds, "sink");
        if (kind is null) return null;
        var (key, value) = kind.Value;
        Core.Streams.ISink sink = key == "duckdb" ? ReadDuckDbSink(y, value, baseDir) : ReadPostgresSink(y, value);
        return new SinkSpec(sink.Target, new SinkOptions { Format = sink.Format }) { Instance = sink };
    }

    private static (string Key, YamlNode Value)? KindOf(YamlNodes y, YamlMappingNode map, string[] kinds, string what)
    {
        var found = map.Children.Where(kv => kv.Key is YamlScalarNode { Value: { } k } && kinds.Contains(k)).ToList();
        if (found.Count == 0) return null;
        if (map.Children.Count != 1)
            throw y.Error(map, $"a database {what} has exactly one key ({string.Join(", ", kinds)}) holding its settings");
        return (y.Scalar(found[0].Key, "key"), found[0].Value);
    }

    private static DuckDbSource ReadDuckDbSource(YamlNodes y, YamlNode node, string baseDir)
    {
        string? database = null, query = null, table = null;
        var map = y.Mapping(node, "source.duckdb");
        foreach (var (key, value) in y.Entries(map, "source.duckdb", DuckDbSourceKeys))
        {
            switch (key)
            {
                case "database": database = Resolve(baseDir, y.Scalar(value, "source.duckdb.database")); break;
                case "query": query = y.Scalar(value, "source.duckdb.query"); break;
                case "table": table = y.Scalar(value, "source.duckdb.table"); break;
            }
        }
        return new DuckDbSource(database, QueryOf(y, map, "source.duckdb", query, table), baseDir);
    }

    private static Core.Streams.ISource ReadPostgresSource(YamlNodes y, YamlNode node)
    {
        (string Text, string[] Secrets)? connection = null;
        string? query = null, table = null;
        var map = y.Mapping(node, "source.postgres");
        foreach (var (key, value) in y.Entries(map, "source.postgres", PostgresSourceKeys))
        {
            switch (key)
            {
                case "connection": connection = Connection(y, value, "source.postgres.connection"); break;
                case "query": query = y.Scalar(value, "source.postgres.query"); break;
                case "table": table = y.Scalar(value, "source.postgres.table"); break;
            }
        }
        if (connection is null) throw y.Error(map, "source.postgres needs 'connection:' (e.g. \"Host=db;Username=app;Password=${PGPASSWORD}\")");
        return new Databases.Postgres.PostgresSource(connection.Value.Text, QueryOf(y, map, "source.postgres", query, table), connection.Value.Secrets);
    }

    private static Core.Streams.ISource ReadSqliteSource(YamlNodes y, YamlNode node, string baseDir)
    {
        string? database = null, query = null, table = null;
        var map = y.Mapping(node, "source.sqlite");
        foreach (var (key, value) in y.Entries(map, "source.sqlite", SqliteSourceKeys))
        {
            switch (key)
            {
                case "database": database = Resolve(baseDir, y.Scalar(value, "source.sqlite.database")); break;
                case "query": query = y.Scalar(value, "source.sqlite.query"); break;
                case "table": table = y.Scalar(value, "source.sqlite.table"); break;
            }
        }
        if (database is null) throw y.Error(map, "source.sqlite needs 'database:' (the SQLite file)");
        return new Databases.Sqlite.SqliteSource(database, QueryOf(y, map, "source.sqlite", query, table));
    }

    private static DuckDbSink ReadDuckDbSink(YamlNodes y, YamlNode node, string baseDir)
    {
        string? database = null, table = null;
        var mode = TableWriteMode.Replace;
        var map = y.Mapping(node, "sink.duckdb");
        foreach (var (key, value) in y.Entries(map, "sink.duckdb", DuckDbSinkKeys))
        {
            switch (key)
            {
                case "database": database = Resolve(baseDir, y.Scalar(value, "sink.duckdb.database")); break;
                case "table": table = y.Scalar(value, "sink.duckdb.table"); break;
                case "mode": mode = Mode(y, value, "sink.duckdb.mode"); break;
            }
        }
        if (database is null) throw y.Error(map, "sink.duckdb needs 'database:' (the DuckDB file)");
        if (table is null) throw y.Error(map, "sink.duckdb needs 'table:'");
        return new DuckDbSink(database, table, mode);
    }

    private static Core.Streams.ISink ReadPostgresSink(YamlNodes y, YamlNode node)
    {
        (string Text, string[] Secrets)? connection = null;
        string? table = null;
        var mode = TableWriteMode.Replace;
        var map = y.Mapping(node, "sink.postgres");
        foreach (var (key, value) in y.Entries(map, "sink.postgres", PostgresSinkKeys))
        {
            switch (key)
            {
                case "connection": connection = Connection(y, value, "sink.postgres.connection"); break;
                case "table": table = y.Scalar(value, "sink.postgres.table"); break;
                case "mode": mode = Mode(y, value, "sink.postgres.mode"); break;
            }
        }
        if (connection is null) throw y.Error(map, "sink.postgres needs 'connection:'");
        if (table is null) throw y.Error(map, "sink.postgres needs 'table:'");
        return new Databases.Postgres.PostgresSink(connection.Value.Text, table, mode, connection.Value.Secrets);
    }

    private static string QueryOf(YamlNodes y, YamlMappingNode map, string what, string? query, string? table)
    {
        if (query is not null && table is not null) throw y.Error(map, $"{what} takes 'query:' or 'table:', not both");
        if (table is not null) return $"SELECT * FROM {SqlIdentifiers.QuoteTable(table)}";
        return query ?? throw y.Error(map, $"{what} needs 'query:' (or 'table:')");
    }

    /// <summary>The connection string built from the template with the driver's builder (never by splicing secrets
    /// into text), and every value that came from the environment, to redact.</summary>
    private static (string Text, string[] Secrets) Connection(YamlNodes y, YamlNode node, string what)
        => Databases.Postgres.PostgresConnectionTemplate.Expand(y.Scalar(node, what), $"{y.Location(node)}: {what}");

    private static TableWriteMode Mode(YamlNodes y, YamlNode node, string what)
    {
        var name = y.Scalar(node, what);
        if (TableWriteModes.Names.Contains(name)) return TableWriteModes.Parse(name);
        throw y.Error(node, $"{what} must be one of {string.Join(", ", TableWriteModes.Names)}, not '{name}'");
    }

    private static string Resolve(string baseDir, string path)
        => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDir, path));
}
