using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.IO.Formats;
using Pipeline.IO.Tests.Decompression;
using Pipeline.IO.Tests.Fixtures;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Avro;

/// <summary>users.avro: 40 records avsc wrote (Fixtures/make-fixtures.js) in deflate blocks of 256 bytes, with schema v1:
/// id int, name string, email [null, string], score double, active boolean, joined date, seen timestamp-micros, tags array.</summary>
public class AvroSourceTests
{
    private const string ReaderSchemaV2 = """
        {"type": "record", "name": "User", "namespace": "example", "fields": [
          {"name": "id", "type": "long"},
          {"name": "name", "type": "string"},
          {"name": "score", "type": "double"},
          {"name": "country", "type": "string", "default": "unknown"}
        ]}
        """;

    [Fact]
    public void Every_record_reads_with_its_types_across_blocks()
    {
        var path = FixtureFiles.Path("users.avro");
        var source = FileFormats.OpenSource(path);
        var (schema, _) = BatchReading.ReadAll(source);
        Assert.Equal("avro", source.Format);
        Assert.Equal(["id", "name", "email", "score", "active", "joined", "seen", "tags"], schema.FieldsList.Select(f => f.Name));
        Assert.IsType<Int32Type>(schema.GetFieldByName("id").DataType);
        Assert.IsType<DoubleType>(schema.GetFieldByName("score").DataType);
        Assert.IsType<BooleanType>(schema.GetFieldByName("active").DataType);
        Assert.IsType<Date32Type>(schema.GetFieldByName("joined").DataType);
        Assert.Equal("UTC", Assert.IsType<TimestampType>(schema.GetFieldByName("seen").DataType).Timezone);
        var rows = CompressedInputTests.Table(path).Rows;
        Assert.Equal(40, rows.Count);
        for (int i = 1; i <= 40; i++)
        {
            var row = rows[i - 1];
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(i == 2 ? "Zoë ✓" : $"user{i}", row[1]);
            Assert.Equal(i % 3 == 0 ? null : $"u{i}@example.org", row[2]);
            Assert.Equal((i * 1.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture), row[3]);
            Assert.Equal(i % 2 == 0 ? "true" : "false", row[4]);
            var day = DateTime.UnixEpoch.AddDays(19000 + i);
            Assert.Equal(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row[5]);
            Assert.Equal(new DateTimeOffset(day.AddTicks(i * 10L), TimeSpan.Zero).ToString("O", System.Globalization.CultureInfo.InvariantCulture), row[6]);
            Assert.Equal(i % 4 == 0 ? "[]" : $"[\"t{i}\",\"x\"]", row[7]);
        }
    }

    [Fact]
    public void A_reader_schema_promotes_adds_and_drops_fields()
    {
        var table = CompressedInputTests.Table(FixtureFiles.Path("users.avro"), new SourceOptions { Avro = new AvroReadOptions { ReaderSchema = ReaderSchemaV2 } });
        Assert.Equal(["id", "name", "score", "country"], table.Columns);
        Assert.Equal(40, table.Rows.Count);
        Assert.Equal(new string?[] { "2", "Zoë ✓", "3", "unknown" }, table.Rows[1]);
        var source = FileFormats.OpenSource(FixtureFiles.Path("users.avro"), new SourceOptions { Avro = new AvroReadOptions { ReaderSchema = ReaderSchemaV2 } });
        var (schema, _) = BatchReading.ReadAll(source);
        Assert.IsType<Int64Type>(schema.GetFieldByName("id").DataType);
    }

    [Fact]
    public void A_reader_schema_from_a_file_that_cannot_read_the_data_is_refused_with_the_file()
    {
        using var dir = new TempDirectory();
        var avsc = dir.WriteText("v3.avsc", """{"type": "record", "name": "User", "namespace": "example", "fields": [{"name": "missing", "type": "string"}]}""");
        var ex = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(FixtureFiles.Path("users.avro"), new SourceOptions { Avro = new AvroReadOptions { ReaderSchema = avsc } }));
        Assert.Contains("users.avro", ex.Message);
        Assert.Contains("cannot be read with the reader schema", ex.Message);
        var alias = ReaderSchemaV2.Replace("{\"name\": \"name\", \"type\": \"string\"}", "{\"name\": \"full_name\", \"type\": \"string\", \"aliases\": [\"name\"]}", StringComparison.Ordinal);
        var aliased = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(FixtureFiles.Path("users.avro"), new SourceOptions { Avro = new AvroReadOptions { ReaderSchema = alias } }));
        Assert.Contains("only through an alias", aliased.Message);
        var bad = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(FixtureFiles.Path("users.avro"), new SourceOptions { Avro = new AvroReadOptions { ReaderSchema = "{ not json" } }));
        Assert.Contains("reader schema", bad.Message);
    }

    [Fact]
    public void A_truncated_file_stops_with_its_name_and_record()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(FixtureFiles.Path("users.avro"));
        var cut = Path.Combine(dir.Path, "cut.avro");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        var ex = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(cut));
        Assert.Contains("cut.avro", ex.Message);
    }

    [Fact]
    public void A_gzip_avro_file_is_read_through_a_decompressed_copy()
    {
        using var dir = new TempDirectory();
        var packed = Path.Combine(dir.Path, "users.avro.gz");
        using (var input = File.OpenRead(FixtureFiles.Path("users.avro")))
        using (var gz = new System.IO.Compression.GZipStream(File.Create(packed), System.IO.Compression.CompressionLevel.Fastest))
            input.CopyTo(gz);
        Assert.Equal(CompressedInputTests.Table(FixtureFiles.Path("users.avro")).Rows, CompressedInputTests.Table(packed).Rows);
    }
}
