using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Streams;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Building;

/// <summary>
/// Factories for <see cref="DataSource"/>: files, Arrow streams and batch sequences from the host, or any
/// <see cref="ISource"/>. Sources of other systems (databases) plug in through <see cref="From(ISource, string?)"/>.
/// </summary>
public static class Source
{
    /// <summary>A file, folder, glob or <c>-</c> (standard input), format from the options, extension or content; or a
    /// connector URI (<c>mysql://user@host/db?table=t</c>, see docs/connectors.md).</summary>
    public static DataSource File(string path, SourceOptions? options = null) => DataSource.ForPath(Connectors.Addresses.Source(path, options ?? new SourceOptions()));

    /// <summary>A CSV file, folder or glob.</summary>
    public static DataSource Csv(string path, CsvReadOptions? csv = null)
        => File(path, new SourceOptions { Format = "csv", Csv = csv ?? new CsvReadOptions() });

    /// <summary>A Parquet file, folder or glob.</summary>
    public static DataSource Parquet(string path) => File(path, new SourceOptions { Format = "parquet" });

    /// <summary>An Arrow IPC file (<c>arrow</c>) or stream (<c>arrows</c>), chosen from the extension and content.</summary>
    public static DataSource Arrow(string path) => File(path);

    /// <summary>An Arrow stream the host already has (an IPC reader, a C stream import, its own implementation).
    /// The pipeline reads it once, takes ownership of every batch and disposes the stream when the run ends.</summary>
    /// <param name="stream">The stream; its schema is the pipeline's input schema.</param>
    /// <param name="label">How the input is named in <c>results.json</c>.</param>
    public static DataSource Stream(IArrowArrayStream stream, string label = "arrow-stream")
        => DataSource.ForSource(new HostStreamSource(stream), label);

    /// <summary>Batches the host produces, pulled one at a time as the pipeline has room for them (so a slow
    /// pipeline slows the producer rather than buffering). The pipeline takes ownership of every batch. To push
    /// batches instead, write them to a bounded <c>Channel&lt;RecordBatch&gt;</c> and pass
    /// <c>channel.Reader.ReadAllAsync()</c>: the writer then waits while the pipeline is busy.</summary>
    /// <param name="batches">The batches; all must have <paramref name="schema"/>'s columns.</param>
    /// <param name="schema">The input schema; null takes it from the first batch (an empty sequence then fails the
    /// run with a message asking for the schema).</param>
    /// <param name="label">How the input is named in <c>results.json</c>.</param>
    public static DataSource Batches(IAsyncEnumerable<RecordBatch> batches, Schema? schema = null, string label = "batches")
        => DataSource.ForSource(new HostBatchesSource(batches, schema), label);

    /// <summary>Batches the host already holds in memory (see <see cref="Batches(IAsyncEnumerable{RecordBatch}, Schema?, string)"/>).</summary>
    public static DataSource Batches(IEnumerable<RecordBatch> batches, Schema? schema = null, string label = "batches")
        => Batches(ToAsync(batches), schema, label);

    /// <summary>The result of a DuckDB SQL query, streamed as Arrow. DuckDB reads Parquet, CSV and JSON itself, so
    /// <c>Source.Sql("select * from 'orders.parquet' where amount &gt; 0")</c> needs no database file.</summary>
    /// <param name="query">The query.</param>
    /// <param name="database">A DuckDB database file, or null for an in-memory database.</param>
    public static DataSource Sql(string query, string? database = null) => Database(new Databases.DuckDb.DuckDbSource(database, query));

    /// <summary>A query against a PostgreSQL server, read through binary COPY.</summary>
    /// <param name="connectionString">An Npgsql connection string (its password never appears in results or errors).</param>
    /// <param name="query">The query.</param>
    public static DataSource Postgres(string connectionString, string query) => Database(new Databases.Postgres.PostgresSource(connectionString, query));

    /// <summary>A query against a SQLite database file, typed from the declared column types.</summary>
    public static DataSource Sqlite(string database, string query) => Database(new Databases.Sqlite.SqliteSource(database, query));

    private static DataSource Database<T>(T source) where T : ISource, Databases.IDatabaseEndpoint => DataSource.ForSource(source, source.Description);

    /// <summary>Any source: the extension point for sources this library does not know (databases, services).</summary>
    /// <param name="source">The source; opened once per run.</param>
    /// <param name="label">How the input is named in <c>results.json</c> when the source reads no files; default its format.</param>
    public static DataSource From(ISource source, string? label = null) => DataSource.ForSource(source, label ?? source.Format);

    private static async IAsyncEnumerable<RecordBatch> ToAsync(IEnumerable<RecordBatch> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
