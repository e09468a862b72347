using Npgsql;
using Pipeline.Core.Errors;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Postgres;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTests(PostgresServer server)
{
    [Fact]
    public void SinkAndCopySourceRoundTripNullsUnicodeZonedTimestampsDecimalsAndLargeStrings()
    {
        var cs = server.CreateDatabase();
        var outcome = Runs.Copy(new SampleSource(3, 1000), new PostgresSink(cs, "orders"));
        Assert.Equal(3000, outcome.RowsWritten);

        var rows = SampleTable.ReadRows(new PostgresSource(cs, "select * from orders order by id"));
        Assert.Equal(3000, rows.Count);
        for (int n = 0; n < 3000; n++) Assert.Equal(SampleTable.ExpectedRow(n), rows[n]);
        Assert.Equal(["2024-03-30 23:30:15.123+00"], PostgresServer.Query(cs, "set timezone = 'UTC'; select seen_at::text from orders where id = 0"));
    }

    [Fact]
    public void SinkCreatesTypedColumns()
    {
        var cs = server.CreateDatabase();
        Runs.Copy(new SampleSource(1, 10), new PostgresSink(cs, "orders"));
        var types = PostgresServer.Query(cs, "select column_name || ' ' || data_type from information_schema.columns where table_name = 'orders' order by ordinal_position");
        Assert.Equal(["id bigint", "amount numeric", "name text", "active boolean", "score double precision",
                      "seen_at timestamp with time zone", "local_at timestamp without time zone", "day date", "count32 integer"], types);
        Assert.Equal(["12,2"], PostgresServer.Query(cs, "select numeric_precision || ',' || numeric_scale from information_schema.columns where table_name = 'orders' and column_name = 'amount'"));
    }

    [Fact]
    public void GenericDataReaderSourceGivesTheSameRowsAsCopy()
    {
        var cs = server.CreateDatabase();
        Runs.Copy(new SampleSource(2, 700), new PostgresSink(cs, "orders"));
        var viaReader = SampleTable.ReadRows(new AdoNetSource("postgres", () => new NpgsqlConnection(cs), "select * from orders order by id", "test"));
        var viaCopy = SampleTable.ReadRows(new PostgresSource(cs, "select * from orders order by id"));
        Assert.Equal(viaCopy, viaReader);
        Assert.Equal(1400, viaReader.Count);
    }

    [Fact]
    public void CopySourceMapsServerTypesAndKeepsUnusualOnesAsExactText()
    {
        var cs = server.CreateDatabase();
        PostgresServer.Execute(cs, """
            create table t (i2 smallint, i4 integer, f4 real, n numeric, n38 numeric(38,10), j jsonb, u uuid, a int[], iv interval,
                            t time, b bytea, c char(3), v varchar(5));
            insert into t values (1, 2, 1.5, 123456789012345678901234567890.123456789, 1.5, '{"k": "ü"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
                                  '{1,2}', '1 day 2 hours', '12:34:56.789', '\x00ff', 'ab', 'xyz');
            insert into t values (null, null, null, null, null, null, null, null, null, null, null, null, null);
            """);
        var (schema, batches) = BatchReading.ReadAll(new PostgresSource(cs, "select * from t"));
        Assert.Equal(["int16", "int32", "float", "utf8", "utf8", "utf8", "utf8", "utf8", "utf8", "time64", "binary", "utf8", "utf8"],
            schema.FieldsList.Select(f => f.DataType.Name));
        var batch = Assert.Single(batches);
        Assert.Equal(2, batch.Length);
        Assert.Equal("123456789012345678901234567890.123456789", ((Apache.Arrow.StringArray)batch.Column("n")).GetString(0));
        Assert.Equal("{\"k\": \"ü\"}", ((Apache.Arrow.StringArray)batch.Column("j")).GetString(0));
        Assert.Equal("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ((Apache.Arrow.StringArray)batch.Column("u")).GetString(0));
        Assert.Equal("{1,2}", ((Apache.Arrow.StringArray)batch.Column("a")).GetString(0));
        Assert.Equal(new byte[] { 0, 255 }, ((Apache.Arrow.BinaryArray)batch.Column("b")).GetBytes(0).ToArray());
        Assert.Equal(new TimeOnly(12, 34, 56, 789), ((Apache.Arrow.Time64Array)batch.Column("t")).GetTime(0));
        Assert.Equal("ab ", ((Apache.Arrow.StringArray)batch.Column("c")).GetString(0));
        for (int c = 0; c < batch.ColumnCount; c++) Assert.True(batch.Column(c).IsNull(1));
    }

    [Fact]
    public void NumericsDecodeExactlyAtTheirDeclaredScale()
    {
        var cs = server.CreateDatabase();
        string[] values = ["0", "0.000001", "-0.5", "-123456789.123456", "1000000000000000000000.000001", "9999999999999999999999.999999", "10000", "-20000.01"];
        PostgresServer.Execute(cs, "create table n (v numeric(28,6)); insert into n values " + string.Join(", ", values.Select(v => $"({v})")) + ", (null)");
        var (schema, batches) = BatchReading.ReadAll(new PostgresSource(cs, "select v from n"));
        Assert.Equal(new Apache.Arrow.Types.Decimal128Type(28, 6).Name, schema.FieldsList[0].DataType.Name);
        var column = (Apache.Arrow.Decimal128Array)Assert.Single(batches).Column(0);
        Assert.Equal(values.Select(v => (decimal?)decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).Append(null),
                     Enumerable.Range(0, column.Length).Select(i => column.GetValue(i)));
    }

    [Fact]
    public void BatchesAreBoundedByRows()
    {
        var cs = server.CreateDatabase();
        PostgresServer.Execute(cs, "create table g as select i from generate_series(1, 2500) i");
        using var context = new Core.Execution.PipelineContext(new Core.Options.PipelineOptions { BatchSize = 1000 });
        var (_, batches) = BatchReading.ReadAll(new PostgresSource(cs, "select i from g order by i"), context);
        Assert.Equal([1000, 1000, 500], batches.Select(b => b.Length));
    }

    [Fact]
    public void FailingRunLeavesThePreviousTableIntactAndNoStagingTable()
    {
        var cs = server.CreateDatabase();
        Runs.Copy(new SampleSource(2, 100), new PostgresSink(cs, "orders"));
        var error = Assert.ThrowsAny<Exception>(() => Runs.Copy(new SampleSource(5, 100, failAfterBatches: 3), new PostgresSink(cs, "orders")));
        Assert.Contains("broke midway", error.Message);
        Assert.Equal(["200"], PostgresServer.Query(cs, "select count(*) from orders"));
        Assert.Equal(["orders"], PostgresServer.Query(cs, "select table_name from information_schema.tables where table_schema = 'public'"));

        // Append is transactional too: a failed append adds nothing.
        Assert.ThrowsAny<Exception>(() => Runs.Copy(new SampleSource(5, 100, failAfterBatches: 2), new PostgresSink(cs, "orders", TableWriteMode.Append)));
        Assert.Equal(["200"], PostgresServer.Query(cs, "select count(*) from orders"));
    }

    [Fact]
    public void AppendMatchesColumnsByNameAndCreateRefusesAnExistingTable()
    {
        var cs = server.CreateDatabase();
        Runs.Copy(new SampleSource(1, 100), new PostgresSink(cs, "orders", TableWriteMode.Create));
        Runs.Copy(new SampleSource(1, 50), new PostgresSink(cs, "orders", TableWriteMode.Append));
        Assert.Equal(["150"], PostgresServer.Query(cs, "select count(*) from orders"));
        var error = Assert.Throws<PipelineException>(() => Runs.Copy(new SampleSource(1, 5), new PostgresSink(cs, "orders", TableWriteMode.Create)));
        Assert.Contains("already exists", error.Message);
        Runs.Copy(new SampleSource(1, 5), new PostgresSink(cs, "orders", TableWriteMode.Replace));
        Assert.Equal(["5"], PostgresServer.Query(cs, "select count(*) from orders"));
    }

    [Fact]
    public void MissingTableAndSqlErrorsAreInvalidInputNamingTheServer()
    {
        var cs = server.CreateDatabase();
        var missing = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new PostgresSource(cs, "select * from nosuch")));
        Assert.Equal(PipelineErrorKind.InvalidInput, missing.Kind);
        Assert.Contains("nosuch", missing.Message);
        Assert.Contains("postgres://127.0.0.1:", missing.Message);
        var syntax = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new PostgresSource(cs, "selec 1")));
        Assert.Equal(PipelineErrorKind.InvalidInput, syntax.Kind);
    }

    [Fact]
    public void BadConnectionStringsAndUnreachableServersGiveClearErrorsWithoutThePassword()
    {
        var bad = Assert.Throws<PipelineException>(() => new PostgresSource("Hots=x;Password=hunter22", "select 1"));
        Assert.Equal(PipelineErrorKind.InvalidInput, bad.Kind);
        Assert.Contains("connection string is not valid", bad.Message);
        Assert.DoesNotContain("hunter22", bad.Message);

        var port = new NpgsqlConnectionStringBuilder(server.AdminConnectionString).Port;
        var unreachable = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(
            new PostgresSource($"Host=127.0.0.1;Port={port + 1};Username=postgres;Password=hunter22;Timeout=3", "select 1")));
        Assert.Equal(PipelineErrorKind.External, unreachable.Kind);
        Assert.Contains("cannot connect", unreachable.Message);
        Assert.DoesNotContain("hunter22", unreachable.Message);

        var noDatabase = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(
            new PostgresSource(new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = "nosuchdb", Password = "hunter22" }.ConnectionString, "select 1")));
        Assert.Contains("nosuchdb", noDatabase.Message);
        Assert.DoesNotContain("hunter22", noDatabase.Message);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresKilledRunTests(PostgresServer server)
{
    [Fact]
    public async Task ALoadWhoseConnectionIsKilledMidwayLeavesThePreviousTable()
    {
        var cs = server.CreateDatabase();
        Runs.Copy(new SampleSource(1, 100), new PostgresSink(cs, "orders"));
        using var context = new Core.Execution.PipelineContext();
        var writer = await new PostgresSink(cs, "orders").OpenAsync(SampleTable.Schema, context);
        using (var batch = SampleTable.Batch(0, 5000)) await writer.WriteAsync(batch, CancellationToken.None);

        // What a killed process looks like to the server: its connection goes away mid-COPY.
        var database = new NpgsqlConnectionStringBuilder(cs).Database;
        PostgresServer.Execute(server.AdminConnectionString,
            $"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database}' and pid <> pg_backend_pid()");
        try { await writer.DisposeAsync(); } catch (Exception) { /* the connection is gone; disposing may report it */ }

        Assert.Equal(["100"], PostgresServer.Query(cs, "select count(*) from orders"));
        Assert.Equal(["orders"], PostgresServer.Query(cs, "select table_name from information_schema.tables where table_schema = 'public'"));
    }
}
