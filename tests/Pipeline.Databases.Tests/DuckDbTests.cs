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
