using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Pipeline.Core.Errors;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Sqlite;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

public sealed class SqliteTests
{
    private static string CreateDatabase(TempDirectory dir)
    {
        var path = dir.File("app.sqlite");
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            create table orders (id INTEGER, active BOOLEAN, placed TIMESTAMP, paid_at TIMESTAMPTZ, amount DECIMAL(12,2),
                                 note TEXT, day DATE, raw BLOB, ratio REAL);
            insert into orders values (1, 1, '2024-01-02 03:04:05.123456', '2024-03-31T01:30:15+02:00', 12.34, 'Zoë ❄ 名前', '2024-02-29', x'00ff', 0.5);
            insert into orders values (2, 0, '2024-01-03 00:00:00', '2024-03-30 23:30:15Z', -5, 'plain', '2024-03-01', x'', 2);
            insert into orders values (3, null, null, null, null, null, null, null, null);
            insert into orders values (4, 1, '2024-01-04T10:00:00', '2024-06-01 12:00:00', 0.05, '{SampleTable.LargeString}', '2024-12-31', x'01', -1.25);
            """;
        command.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public void DeclaredTypesDecideArrowTypesDespiteSqliteStorage()
    {
        using var dir = new TempDirectory();
        var db = CreateDatabase(dir);
        var (schema, batches) = BatchReading.ReadAll(new SqliteSource(db, "select * from orders order by id"));
        Assert.Equal(["int64", "bool", "timestamp", "timestamp", "decimal128", "utf8", "date32", "binary", "double"],
            schema.FieldsList.Select(f => f.DataType.Name));
        Assert.Equal("UTC", ((TimestampType)schema.GetFieldByName("paid_at").DataType).Timezone);
        Assert.Null(((TimestampType)schema.GetFieldByName("placed").DataType).Timezone);

        var batch = Assert.Single(batches);
        var active = (BooleanArray)batch.Column("active");
        Assert.Equal([true, false, null, true], Enumerable.Range(0, 4).Select(i => active.GetValue(i)));
        var placed = (TimestampArray)batch.Column("placed");
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560), placed.GetTimestamp(0));
        var paid = (TimestampArray)batch.Column("paid_at");
        Assert.Equal(new DateTimeOffset(2024, 3, 30, 23, 30, 15, TimeSpan.Zero), paid.GetTimestamp(0));
        Assert.Equal(paid.GetTimestamp(0), paid.GetTimestamp(1));
        Assert.True(paid.IsNull(2));
        var amount = (Decimal128Array)batch.Column("amount");
        Assert.Equal([12.34m, -5m, null, 0.05m], Enumerable.Range(0, 4).Select(i => amount.GetValue(i)));
        var note = (StringArray)batch.Column("note");
        Assert.Equal("Zoë ❄ 名前", note.GetString(0));
        Assert.Equal(SampleTable.LargeString, note.GetString(3));
        Assert.Equal(new DateOnly(2024, 2, 29), ((Date32Array)batch.Column("day")).GetDateOnly(0));
        Assert.Equal(new byte[] { 0, 255 }, ((BinaryArray)batch.Column("raw")).GetBytes(0).ToArray());
    }

    [Fact]
    public void ExpressionColumnsWithoutDeclaredTypesTakeTheirFirstValuesType()
    {
        using var dir = new TempDirectory();
        var db = CreateDatabase(dir);
        var (schema, batches) = BatchReading.ReadAll(new SqliteSource(db, "select id * 2 as twice, 'x' || id as label, null as empty from orders order by id"));
        Assert.Equal(["int64", "utf8", "utf8"], schema.FieldsList.Select(f => f.DataType.Name));
        Assert.Equal([2L, 4, 6, 8], ((Int64Array)batches.Single().Column(0)).Values.ToArray());
    }

    [Fact]
    public void BatchesAreBoundedByBytesAsWellAsRows()
    {
        using var dir = new TempDirectory();
        var db = CreateDatabase(dir);
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) select printf('%.1000c', 'x') as s from n";
        using var reader = command.ExecuteReader();
        using var stream = new DataReaderBatchStream(reader, new BatchLimits(100_000, 1 << 20), "test");
        var sizes = new List<int>();
        while (stream.ReadNextRecordBatchAsync().AsTask().Result is { } batch) using (batch) sizes.Add(batch.Length);
        Assert.Equal(3000, sizes.Sum());
        Assert.True(sizes.Count >= 3, $"expected several batches of about 1 MiB, got {string.Join(", ", sizes)}");
        Assert.All(sizes.SkipLast(1), s => Assert.InRange(s, 768, 1280));
    }

    [Fact]
    public void MissingFilesTablesAndBadValuesGiveClearErrors()
    {
        using var dir = new TempDirectory();
        var missingFile = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new SqliteSource(dir.File("nope.sqlite"), "select 1")));
        Assert.Contains("not found", missingFile.Message);

        var db = CreateDatabase(dir);
        var missingTable = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new SqliteSource(db, "select * from nosuch")));
        Assert.Equal(PipelineErrorKind.InvalidInput, missingTable.Kind);
        Assert.Contains("nosuch", missingTable.Message);

        using (var connection = new SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "create table bad (t TIMESTAMP); insert into bad values ('2024-01-01'), ('not a time')";
            command.ExecuteNonQuery();
        }
        var badValue = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(new SqliteSource(db, "select t from bad")));
        Assert.Contains("row 2, column 't'", badValue.Message);
        Assert.Contains("not a time", badValue.Message);
    }
}
