using Pipeline.Core.Streams;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Building;

/// <summary>
/// Factories for <see cref="DataSink"/>: files by path, or any <see cref="ISink"/>. Outputs of other systems
/// (tables of other databases) plug in through <see cref="From"/>; to pull the output batches into the host instead, use
/// <see cref="DataPipeline.Stream"/>.
/// </summary>
public static class Sink
{
    /// <summary>A file (format from the options or the extension), or <c>-</c> for an Arrow IPC stream on standard output.</summary>
    /// <remarks>A connector URI (<c>mysql://user@host/db?table=t&amp;mode=append</c>) names a table instead.</remarks>
    public static DataSink File(string path, SinkOptions? options = null) => DataSink.ForPath(Connectors.Addresses.Sink(path, options ?? new SinkOptions()));

    /// <summary>A Parquet file.</summary>
    public static DataSink Parquet(string path, string compression = "snappy")
        => File(path, new SinkOptions { Format = "parquet", ParquetCompression = compression });

    /// <summary>An uncompressed Arrow IPC file (<c>arrow</c>, <paramref name="streamFormat"/> false) or stream (<c>arrows</c>).</summary>
    public static DataSink Arrow(string path, bool streamFormat = false) => File(path, new SinkOptions { Format = streamFormat ? "arrows" : "arrow" });

    /// <summary>A CSV file.</summary>
    public static DataSink Csv(string path, char delimiter = ',') => File(path, new SinkOptions { Format = "csv", CsvDelimiter = delimiter });

    /// <summary>A table in a DuckDB database file, written in one transaction: a failed run leaves the previous table.</summary>
    /// <param name="database">The database file (created when missing).</param>
    /// <param name="table">The table.</param>
    /// <param name="mode">Create (fails when the table exists), append, or replace (default).</param>
    public static DataSink DuckDb(string database, string table, Databases.TableWriteMode mode = Databases.TableWriteMode.Replace)
        => From(new Databases.DuckDb.DuckDbSink(database, table, mode));

    /// <summary>A PostgreSQL table, loaded with binary COPY in one transaction.</summary>
    /// <param name="connectionString">An Npgsql connection string (its password never appears in results or errors).</param>
    /// <param name="table">The table.</param>
    /// <param name="mode">Create, append, or replace (default).</param>
    public static DataSink Postgres(string connectionString, string table, Databases.TableWriteMode mode = Databases.TableWriteMode.Replace)
        => From(new Databases.Postgres.PostgresSink(connectionString, table, mode));

    /// <summary>Any sink: the extension point for outputs this library does not know (databases, services).</summary>
    public static DataSink From(ISink sink) => DataSink.ForSink(sink);
}
