using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Hosting.Building;
using Pipeline.Hosting.Connectors;
using Pipeline.TestSupport;

namespace Pipeline.Connectors.Tests;

/// <summary>The mysql:// connector against a real MariaDB: types, nulls, unicode, large values, empty results, a
/// million rows in bounded memory, a killed connection, the sink's modes and its transaction.</summary>
[Collection("mysql")]
public sealed class MySqlTests(MySqlServer server)
{
    private static Core.Streams.ISource Source(string uri) => Addresses.Source(uri, new IO.Formats.SourceOptions()).Instance!;

    [Fact]
    public void Every_common_type_is_read_into_its_arrow_type()
    {
        var db = server.CreateDatabase();
        server.Execute(db, """
            CREATE TABLE t (i INT, si SMALLINT, bi BIGINT, ub BIGINT UNSIGNED, b TINYINT(1), d DECIMAL(12,3), f FLOAT, g DOUBLE,
              dd DATE, dt DATETIME(6), tm TIME, s VARCHAR(40), tx TEXT, j JSON, bl BLOB, e ENUM('a','b'));
            INSERT INTO t VALUES (-7, 300, 9007199254740993, 18446744073709551615, 1, 123456789.125, 1.5, 2.25,
              '2024-02-29', '2024-02-29 13:14:15.123456', '10:11:12', 'héllo ✓ 日本', 'long text', '{"a": [1, 2]}', X'00FF10', 'b');
            INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            """);
        var (schema, batches) = BatchReading.ReadAll(Source(server.Uri(db, "table=t")));
        var types = schema.FieldsList.ToDictionary(f => f.Name, f => f.DataType);
        Assert.IsType<Int32Type>(types["i"]);
        Assert.IsType<Int16Type>(types["si"]);
        Assert.IsType<Int64Type>(types["bi"]);
        Assert.Equal(20, ((Decimal128Type)types["ub"]).Precision);
        Assert.IsType<BooleanType>(types["b"]);
        Assert.Equal((12, 3), (((Decimal128Type)types["d"]).Precision, ((Decimal128Type)types["d"]).Scale));
        Assert.IsType<FloatType>(types["f"]);
        Assert.IsType<DoubleType>(types["g"]);
        Assert.IsType<Date32Type>(types["dd"]);
        Assert.IsType<TimestampType>(types["dt"]);
        Assert.IsType<Time64Type>(types["tm"]);
        Assert.IsType<StringType>(types["s"]);
        Assert.IsType<StringType>(types["j"]);
        Assert.IsType<BinaryType>(types["bl"]);
        Assert.IsType<StringType>(types["e"]);
        var batch = Assert.Single(batches);
        Assert.Equal(2, batch.Length);
        Assert.Equal(-7, ((Int32Array)batch.Column("i")).GetValue(0));
        Assert.Equal(9007199254740993L, ((Int64Array)batch.Column("bi")).GetValue(0));
        Assert.Equal(18446744073709551615m, ((Decimal128Array)batch.Column("ub")).GetValue(0));
        Assert.True(((BooleanArray)batch.Column("b")).GetValue(0));
        Assert.Equal(123456789.125m, ((Decimal128Array)batch.Column("d")).GetValue(0));
        Assert.Equal(2.25, ((DoubleArray)batch.Column("g")).GetValue(0));
        Assert.Equal("2024-02-29", BatchReading.Display(batch.Column("dd"), 0));
        Assert.Equal(new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234560), ((TimestampArray)batch.Column("dt")).GetTimestamp(0)!.Value.DateTime);
        Assert.Equal("héllo ✓ 日本", ((StringArray)batch.Column("s")).GetString(0));
        Assert.Contains("\"a\"", ((StringArray)batch.Column("j")).GetString(0), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0, 255, 16 }, ((BinaryArray)batch.Column("bl")).GetBytes(0).ToArray());
        Assert.Equal("b", ((StringArray)batch.Column("e")).GetString(0));
        for (int c = 0; c < batch.ColumnCount; c++) Assert.True(batch.Column(c).IsNull(1), schema.FieldsList[c].Name);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void Large_values_arrive_whole()
    {
        var db = server.CreateDatabase();
        server.Execute(db, "CREATE TABLE big (t LONGTEXT, b LONGBLOB); INSERT INTO big VALUES (REPEAT('é', 3000000), REPEAT(X'AB', 5000000))");
        var (_, batches) = BatchReading.ReadAll(Source(server.Uri(db, "table=big")));
        var batch = Assert.Single(batches);
        Assert.Equal(3_000_000, ((StringArray)batch.Column("t")).GetString(0).Length);
        Assert.Equal(5_000_000, ((BinaryArray)batch.Column("b")).GetBytes(0).Length);
        batch.Dispose();
    }

    [Fact]
    public void An_empty_result_has_the_columns_and_no_rows()
    {
        var db = server.CreateDatabase();
        server.Execute(db, "CREATE TABLE e (a INT, b VARCHAR(3))");
        var (schema, batches) = BatchReading.ReadAll(Source(server.Uri(db, "query=" + Uri.EscapeDataString("SELECT a, b FROM e WHERE a > 0"))));
        Assert.Equal(["a", "b"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(0, batches.Sum(b => b.Length));
    }

    [Fact]
    public void A_million_rows_stream_in_bounded_memory()
    {
        var db = server.CreateDatabase();
        var uri = server.Uri(db, "query=" + Uri.EscapeDataString("SELECT CAST(seq AS SIGNED) AS id, seq * 1.5 AS x, CONCAT('row-', seq) AS label FROM seq_1_to_1000000"));
        using var context = new PipelineContext(new PipelineOptions { BatchSize = 10_000 });
        using var stream = Source(uri).Open(context);
        long rows = 0, sum = 0, peak = 0;
        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
            {
                rows += batch.Length;
                var ids = (Int64Array)batch.Column("id");
                for (int i = 0; i < ids.Length; i++) sum += ids.GetValue(i)!.Value;
                Assert.True(batch.Length <= 10_000);
            }
            if (rows % 200_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        Assert.Equal(1_000_000, rows);
        Assert.Equal(500_000_500_000L, sum);
        // One batch of ~10k narrow rows is a few MB: the whole result (about 40 MB as Arrow) is never held.
        Assert.True(peak < 32L << 20, $"held {peak >> 20} MB while streaming");
    }

    [Fact]
    public void A_killed_connection_mid_read_is_a_clear_error()
    {
        var db = server.CreateDatabase();
        var marker = "killme_" + Guid.NewGuid().ToString("N")[..8];
        var uri = server.Uri(db, "query=" + Uri.EscapeDataString($"SELECT seq AS {marker} FROM seq_1_to_5000000"));
        using var context = new PipelineContext(new PipelineOptions { BatchSize = 1000 });
        using var stream = Source(uri).Open(context);
        using (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult()) { }
        var id = server.Column(db, $"SELECT id FROM information_schema.processlist WHERE info LIKE '%{marker}%' AND info NOT LIKE '%processlist%'").Single();
        server.Execute(db, $"KILL {id}");
        var ex = Assert.Throws<PipelineException>(() =>
        {
            while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } b) b.Dispose();
        });
        Assert.Equal(PipelineErrorKind.External, ex.Kind);
        Assert.Contains($"mysql://root@{server.Host}:{server.Port}/{db}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot read row", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sink_replaces_appends_and_creates_tables_through_uris()
    {
        var db = server.CreateDatabase();
        server.Execute(db, "CREATE TABLE src (id INT, name VARCHAR(20), amount DECIMAL(8,2), at DATETIME); " +
                           "INSERT INTO src VALUES (1,'ünï',1.25,'2024-01-01 00:00:00'),(2,NULL,NULL,NULL),(3,'c',3.5,'2024-03-01 12:00:00')");
        var results = await DataPipeline.From(server.Uri(db, "table=src")).To(server.Uri(db, "table=dst")).RunAsync();
        Assert.Null(results.Error);
        Assert.Equal(3, results.Rows.Written);
        Assert.Equal([3L], server.Column(db, "SELECT COUNT(*) FROM dst"));
        Assert.Equal(["ünï"], server.Column(db, "SELECT name FROM dst WHERE id = 1"));
        Assert.Equal([1.25m], server.Column(db, "SELECT amount FROM dst WHERE id = 1"));

        await DataPipeline.From(server.Uri(db, "table=src")).To(server.Uri(db, "table=dst&mode=append")).RunAsync();
        Assert.Equal([6L], server.Column(db, "SELECT COUNT(*) FROM dst"));
        await DataPipeline.From(server.Uri(db, "table=src")).To(server.Uri(db, "table=dst&mode=replace")).RunAsync();
        Assert.Equal([3L], server.Column(db, "SELECT COUNT(*) FROM dst"));

        var failed = await Assert.ThrowsAsync<PipelineException>(() => DataPipeline.From(server.Uri(db, "table=src")).To(server.Uri(db, "table=dst&mode=create")).RunAsync());
        Assert.Contains("already exists", failed.Message, StringComparison.Ordinal);
        Assert.Equal([3L], server.Column(db, "SELECT COUNT(*) FROM dst"));
        Assert.Empty(server.Column(db, "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '\\_pipeline\\_staging%'"));
    }

    [Fact]
    public async Task An_uncommitted_write_leaves_the_old_table_and_no_staging_table()
    {
        var db = server.CreateDatabase();
        server.Execute(db, "CREATE TABLE dst (id INT); INSERT INTO dst VALUES (42)");
        var (sink, _) = Addresses.Registry.OpenSink(server.Uri(db, "table=dst&mode=replace"));
        var schema = new Schema([new Field("id", Int32Type.Default, true)], null);
        using var context = new PipelineContext(new PipelineOptions());
        await using (var writer = await sink.OpenAsync(schema, context))
        {
            using var batch = new RecordBatch(schema, [new Int32Array.Builder().Append(1).Append(2).Build()], 2);
            await writer.WriteAsync(batch, CancellationToken.None);
            Assert.Equal([42], server.Column(db, "SELECT id FROM dst"));
        }
        Assert.Equal([42], server.Column(db, "SELECT id FROM dst"));
        Assert.Empty(server.Column(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '\\_pipeline%'"));
    }

    [Fact]
    public void A_password_with_semicolons_logs_in_and_never_shows_in_errors()
    {
        var db = server.CreateDatabase();
        var user = "u" + Guid.NewGuid().ToString("N")[..8];
        const string password = "p;Database=mysql;Server=evil.invalid;'x";
        server.Execute(null, $"CREATE USER '{user}'@'%' IDENTIFIED BY 'p;Database=mysql;Server=evil.invalid;''x'; GRANT ALL ON {db}.* TO '{user}'@'%'");
        server.Execute(db, "CREATE TABLE t (a INT); INSERT INTO t VALUES (7)");
        Environment.SetEnvironmentVariable("CONN20_TEST_PASS", password);
        Environment.SetEnvironmentVariable("CONN20_BAD_PASS", password + "!wrong");
        try
        {
            var (_, batches) = BatchReading.ReadAll(Source($"mysql://{user}:${{CONN20_TEST_PASS}}@{server.Host}:{server.Port}/{db}?table=t"));
            Assert.Equal(7, ((Int32Array)batches.Single().Column(0)).GetValue(0));
            var ex = Assert.Throws<PipelineException>(() =>
                BatchReading.ReadAll(Source($"mysql://{user}:${{CONN20_BAD_PASS}}@{server.Host}:{server.Port}/{db}?table=t")));
            Assert.DoesNotContain("evil.invalid", ex.Message, StringComparison.Ordinal);
            Assert.Contains(user, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CONN20_TEST_PASS", null);
            Environment.SetEnvironmentVariable("CONN20_BAD_PASS", null);
        }
    }

    [Fact]
    public async Task Schema_describes_columns_and_estimates_rows()
    {
        var db = server.CreateDatabase();
        server.Execute(db, "CREATE TABLE s (a INT, b TEXT); INSERT INTO s SELECT seq, 'x' FROM seq_1_to_100; ANALYZE TABLE s");
        var address = Core.Connectors.ConnectorAddress.Parse(server.Uri(db, "table=s"));
        var facts = await Addresses.Registry.For(address).DescribeAsync(address, CancellationToken.None);
        Assert.Equal(["a", "b"], facts.Schema.FieldsList.Select(f => f.Name));
        Assert.NotNull(facts.EstimatedRows);
        Assert.InRange(facts.EstimatedRows!.Value, 50, 200);
    }
}
