using DuckDB.NET.Data;
using Pipeline.Core.Errors;
using Pipeline.Databases.DuckDb;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

public sealed class DuckDbTests
{
    [Fact]
    public void RoundTripKeepsNullsUnicodeZonedTimestampsDecimalsAndLargeStrings()
    {
        using var dir = new TempDirectory();
        var db = dir.File("warehouse.duckdb");
        var outcome = Runs.Copy(new SampleSource(3, 1000), new DuckDbSink(db, "orders"));
        Assert.Equal(3000, outcome.RowsWritten);

        var rows = SampleTable.ReadRows(new DuckDbSource(db, "select * from orders order by id"));
        Assert.Equal(3000, rows.Count);
        for (int n = 0; n < 3000; n++) Assert.Equal(SampleTable.ExpectedRow(n), rows[n]);
    }

    [Fact]
    public void ColumnsAreTypedFromTheArrowSchema()
    {
        using var dir = new TempDirectory();
        var db = dir.File("w.duckdb");
        Runs.Copy(new SampleSource(1, 10), new DuckDbSink(db, "orders"));
        var types = Query(db, "select column_name || ' ' || data_type from information_schema.columns where table_name = 'orders' order by ordinal_position");
        Assert.Equal(["id BIGINT", "amount DECIMAL(12,2)", "name VARCHAR", "active BOOLEAN", "score DOUBLE",
                      "seen_at TIMESTAMP WITH TIME ZONE", "local_at TIMESTAMP", "day DATE", "count32 INTEGER"], types);
    }

    [Fact]
    public void SourceStreamsAnyQueryIncludingFilesThroughDuckDbReaders()
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("people.csv", "name,age\nAda,36\nGrace,85\n");
        var (schema, batches) = BatchReading.ReadAll(new DuckDbSource(null, $"select name, age * 2 as twice from read_csv('{csv}') order by age"));
        Assert.Equal(["name", "twice"], schema.FieldsList.Select(f => f.Name));
        var rows = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => $"{BatchReading.Display(b.Column(0), i)}:{BatchReading.Display(b.Column(1), i)}")).ToList();
        Assert.Equal(["Ada:72", "Grace:170"], rows);
    }

    [Fact]
    public void FailingRunLeavesThePreviousTableIntactAndNoStagingTable()
    {
        using var dir = new TempDirectory();
        var db = dir.File("w.duckdb");
        Runs.Copy(new SampleSource(2, 100), new DuckDbSink(db, "orders"));

        var error = Assert.ThrowsAny<Exception>(() => Runs.Copy(new SampleSource(5, 100, failAfterBatches: 3), new DuckDbSink(db, "orders", TableWriteMode.Replace)));
        Assert.Contains("broke midway", error.Message);

        Assert.Equal(["200"], Query(db, "select count(*) from orders"));
        Assert.Equal(["orders"], Query(db, "select table_name from information_schema.tables"));
    }

    [Fact]
    public void AppendAddsRowsAndCreateRefusesAnExistingTable()
    {
        using var dir = new TempDirectory();
        var db = dir.File("w.duckdb");
        Runs.Copy(new SampleSource(1, 100), new DuckDbSink(db, "orders", TableWriteMode.Create));
        Runs.Copy(new SampleSource(1, 50), new DuckDbSink(db, "orders", TableWriteMode.Append));
        Assert.Equal(["150"], Query(db, "select count(*) from orders"));

        var error = Assert.Throws<PipelineException>(() => Runs.Copy(new SampleSource(1, 10), new DuckDbSink(db, "orders", TableWriteMode.Create)));
        Assert.Contains("already exists", error.Message);
        Assert.Equal(["150"], Query(db, "select count(*) from orders"));

        Runs.Copy(new SampleSource(1, 7), new DuckDbSink(db, "orders", TableWriteMode.Replace));
        Assert.Equal(["7"], Query(db, "select count(*) from orders"));
    }

    [Fact]
    public void MissingTablesAndBadSqlGiveClearErrors()
    {
        using var dir = new TempDirectory();
        var db = dir.File("w.duckdb");
        Runs.Copy(new SampleSource(1, 10), new DuckDbSink(db, "orders"));

        var missing = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new DuckDbSource(db, "select * from nosuch")));
        Assert.Equal(PipelineErrorKind.InvalidInput, missing.Kind);
        Assert.Contains("nosuch", missing.Message);
        Assert.Contains("w.duckdb", missing.Message);

        var syntax = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new DuckDbSource(db, "selec 1")));
        Assert.Equal(PipelineErrorKind.InvalidInput, syntax.Kind);

        var noFile = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new DuckDbSource(dir.File("absent.duckdb"), "select 1")));
        Assert.Contains("not found", noFile.Message);
    }

    internal static List<string> Query(string database, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }
}

public sealed class DuckDbSlicedBatchTests
{
    [Fact]
    public void SlicedBatchesAreWrittenFromTheirOffset()
    {
        using var dir = new TempDirectory();
        var db = dir.File("w.duckdb");
        using var batch = SampleTable.Batch(0, 40);
        var sliced = batch.Slice(8, 20);
        using var context = new Core.Execution.PipelineContext();
        var writer = new DuckDbSink(db, "orders").OpenAsync(SampleTable.Schema, context).AsTask().Result;
        writer.WriteAsync(sliced, CancellationToken.None).AsTask().Wait();
        writer.CommitAsync(CancellationToken.None).AsTask().Wait();
        writer.DisposeAsync().AsTask().Wait();
        var rows = SampleTable.ReadRows(new DuckDbSource(db, "select * from orders order by id"));
        Assert.Equal(Enumerable.Range(8, 20).Select(n => SampleTable.ExpectedRow(n)), rows);
    }
}

public sealed class DuckDbColumnTypeTests
{
    [Fact]
    public void EveryDecimalWidthAndNarrowTypeRoundTrips()
    {
        using var dir = new TempDirectory();
        var db = dir.File("w.duckdb");
        var schema = new Apache.Arrow.Schema.Builder()
            .Field(new Apache.Arrow.Field("d4", new Apache.Arrow.Types.Decimal128Type(4, 2), true))
            .Field(new Apache.Arrow.Field("d9", new Apache.Arrow.Types.Decimal128Type(9, 3), true))
            .Field(new Apache.Arrow.Field("d30", new Apache.Arrow.Types.Decimal128Type(30, 4), true))
            .Field(new Apache.Arrow.Field("i8", Apache.Arrow.Types.Int8Type.Default, true))
            .Field(new Apache.Arrow.Field("u64", Apache.Arrow.Types.UInt64Type.Default, true))
            .Field(new Apache.Arrow.Field("f", Apache.Arrow.Types.FloatType.Default, true))
            .Field(new Apache.Arrow.Field("flag", Apache.Arrow.Types.BooleanType.Default, true))
            .Build();
        var d4 = new Apache.Arrow.Decimal128Array.Builder(new Apache.Arrow.Types.Decimal128Type(4, 2)).Append(-12.34m).AppendNull().Append(0.01m).Build();
        var d9 = new Apache.Arrow.Decimal128Array.Builder(new Apache.Arrow.Types.Decimal128Type(9, 3)).Append(123456.789m).Append(-1m).AppendNull().Build();
        var d30 = new Apache.Arrow.Decimal128Array.Builder(new Apache.Arrow.Types.Decimal128Type(30, 4)).Append(-12345678901234567890123.4567m).Append(0m).AppendNull().Build();
        var i8 = new Apache.Arrow.Int8Array.Builder().Append(-128).AppendNull().Append(127).Build();
        var u64 = new Apache.Arrow.UInt64Array.Builder().Append(ulong.MaxValue).Append(0).AppendNull().Build();
        var f = new Apache.Arrow.FloatArray.Builder().Append(1.5f).AppendNull().Append(-0.25f).Build();
        var flag = new Apache.Arrow.BooleanArray.Builder().Append(true).Append(false).AppendNull().Build();
        var batch = new Apache.Arrow.RecordBatch(schema, [d4, d9, d30, i8, u64, f, flag], 3);
        Runs.Copy(new BatchListSource(schema, batch), new DuckDbSink(db, "t"));
        Assert.Equal(["-12.34|123456.789|-12345678901234567890123.4567|-128|18446744073709551615|1.5|true",
                      "NULL|-1.000|0.0000|NULL|0|NULL|false",
                      "0.01|NULL|NULL|127|NULL|-0.25|NULL"],
            DuckDbTests.Query(db, "select concat_ws('|', coalesce(d4::varchar, 'NULL'), coalesce(d9::varchar, 'NULL'), coalesce(d30::varchar, 'NULL'), coalesce(i8::varchar, 'NULL'), coalesce(u64::varchar, 'NULL'), coalesce(f::varchar, 'NULL'), coalesce(flag::varchar, 'NULL')) from t order by rowid"));
    }
}

/// <summary>A source of given batches (each handed out once per open).</summary>
public sealed class BatchListSource(Apache.Arrow.Schema schema, params Apache.Arrow.RecordBatch[] batches) : Core.Streams.ISource
{
    public string Format => "memory";
    public IReadOnlyList<string> Files => [];
    public Apache.Arrow.Ipc.IArrowArrayStream Open(Core.Execution.PipelineContext context) => new Stream(schema, new Queue<Apache.Arrow.RecordBatch>(batches));

    private sealed class Stream(Apache.Arrow.Schema schema, Queue<Apache.Arrow.RecordBatch> queue) : Apache.Arrow.Ipc.IArrowArrayStream
    {
        public Apache.Arrow.Schema Schema => schema;
        public ValueTask<Apache.Arrow.RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
            => ValueTask.FromResult(queue.Count > 0 ? queue.Dequeue() : null);
        public void Dispose() { }
    }
}
