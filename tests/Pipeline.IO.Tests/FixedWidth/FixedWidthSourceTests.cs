using System.IO.Compression;
using System.Text;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.FixedWidth;
using Pipeline.IO.Tests.Decompression;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.FixedWidth;

public class FixedWidthSourceTests
{
    private static readonly IReadOnlyList<FixedWidthColumn> Layout = FixedWidthLayout.Parse("id:1:5, name:6:12, amount:18:8", "--layout");

    /// <summary>Lines padded by string formatting (the writer), not by the reader's code.</summary>
    private static string Line(string id, string name, string amount) => id.PadLeft(5) + name.PadRight(12) + amount.PadLeft(8);

    [Fact]
    public void Columns_are_cut_at_their_characters_trimmed_and_typed()
    {
        using var dir = new TempDirectory();
        var text = string.Join("\n", Line("1", "Ann", "10.5"), Line("22", "Zoë ✓", ""), "   33Bob", Line("4", "Dee", "-3")) + "\n";
        var path = dir.WriteText("people.fwf", text);
        var source = FileFormats.OpenSource(path, new SourceOptions { FixedWidth = Layout });
        var (schema, _) = BatchReading.ReadAll(source);
        Assert.Equal("fixed", source.Format);
        Assert.IsType<Int64Type>(schema.GetFieldByName("id").DataType);
        Assert.IsType<StringType>(schema.GetFieldByName("name").DataType);
        Assert.IsType<DoubleType>(schema.GetFieldByName("amount").DataType);
        var table = CompressedInputTests.Table(path, new SourceOptions { FixedWidth = Layout });
        Assert.Equal(
        [
            ["1", "Ann", "10.5"],
            ["22", "Zoë ✓", null],
            ["33", "Bob", null],
            ["4", "Dee", "-3"],
        ], table.Rows);
    }

    [Fact]
    public void Text_past_the_layout_and_a_value_of_another_type_are_quarantined_with_their_lines()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(1, 30).Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "n" + i, (i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        lines.Add(Line("31", "late", "n/a"));
        lines.Add(Line("32", "long", "1") + "EXTRA");
        var path = dir.WriteText("q.txt", string.Join("\n", lines) + "\n");
        var ctx = new PipelineContext(new PipelineOptions { InferenceSampleRows = 10 });
        var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path, new SourceOptions { FixedWidth = Layout }), ctx);
        Assert.Equal(30, batches.Sum(b => b.Length));
        Assert.Equal(2, ctx.Quarantine.Count);
        using var rows = ctx.Quarantine.OpenReader();
        var q = rows.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult()!;
        Assert.Equal([31L, 32L], Enumerable.Range(0, q.Length).Select(i => ((Apache.Arrow.Int64Array)q.Column(2)).GetValue(i)!.Value));
        Assert.Contains("column 'amount' (characters 18-25): 'n/a' is not int64", ((Apache.Arrow.StringArray)q.Column(3)).GetString(0));
        Assert.Contains("past the layout's last column", ((Apache.Arrow.StringArray)q.Column(3)).GetString(1));
    }

    [Fact]
    public void A_gzip_file_reads_as_its_plain_copy()
    {
        using var dir = new TempDirectory();
        var text = string.Join("\n", Enumerable.Range(1, 500).Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "name" + i, "1.25"))) + "\n";
        var plain = dir.WriteText("plain.fwf", text);
        var packed = Path.Combine(dir.Path, "packed.fwf.gz");
        using (var gz = new GZipStream(File.Create(packed), CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(text));
        Assert.Equal(CompressedInputTests.Table(plain, new SourceOptions { FixedWidth = Layout }).Rows, CompressedInputTests.Table(packed, new SourceOptions { FixedWidth = Layout }).Rows);
    }

    [Fact]
    public void A_missing_or_bad_layout_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("x.fwf", "abc\n");
        Assert.Contains("needs a layout", Assert.Throws<PipelineException>(() => FileFormats.OpenSource(path)).Message);
        Assert.Contains("overlap", Assert.Throws<PipelineException>(() => FileFormats.OpenSource(path, new SourceOptions { FixedWidth = FixedWidthLayout.Parse("a:1:5,b:3:2", "--layout") })).Message);
        Assert.Contains("NAME:START:WIDTH", Assert.Throws<PipelineException>(() => FixedWidthLayout.Parse("a:1", "--layout")).Message);
    }

    [Fact]
    public void An_orc_file_is_refused_naming_the_alternatives()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "data.bin");
        File.WriteAllBytes(path, [.. "ORC"u8, 0x0A, 0x03, 0x00]);
        var ex = Assert.Throws<PipelineException>(() => FileFormats.OpenSource(path));
        Assert.Contains("data.bin", ex.Message);
        Assert.Contains("ORC", ex.Message);
        Assert.Contains("Parquet", ex.Message);
    }
}
