using System.Text;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvParsingTests
{
    private static readonly SourceOptions Strings = new() { Csv = new CsvReadOptions { InferTypes = false, NullValues = [] } };

    [Fact]
    public void A_quoted_field_keeps_its_newline_and_delimiter()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "a,b\n\"line1\nline2, still\",x\n", Strings);
        Assert.Equal(new string?[] { "line1\nline2, still", "x" }, t.Rows.Single());
    }

    [Fact]
    public void Doubled_quotes_inside_a_quoted_field_become_one_quote()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", Strings);
        Assert.Equal(new string?[] { "say \"hi\"", "\"" }, t.Rows.Single());
    }

    [Fact]
    public void Crlf_line_ends_are_not_part_of_the_values_and_are_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("crlf.csv", "a,b\r\n1,x\r\n2,\"y\"\r\n");
        var t = CsvTestReading.Read(path, Strings);
        Assert.Equal("1|x;2|y", string.Join(";", t.Rows.Select(r => string.Join("|", r))));
        Assert.Equal(CsvLineEnding.CrLf, CsvFormat.Sniff(path).Dialect.LineEnding);
    }

    [Fact]
    public void Lone_cr_line_ends_split_records()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("cr.csv", "a,b\r1,x\r2,y");
        var t = CsvTestReading.Read(path, Strings);
        Assert.Equal("1|x;2|y", string.Join(";", t.Rows.Select(r => string.Join("|", r))));
        Assert.Equal(CsvLineEnding.Cr, CsvFormat.Sniff(path).Dialect.LineEnding);
    }

    [Fact]
    public void The_last_line_without_a_newline_is_read()
    {
        using var dir = new TempDirectory();
        Assert.Equal(2, CsvTestReading.ReadText(dir, "a,b\n1,2\n3,4", Strings).Rows.Count);
    }

    [Fact]
    public void Blank_lines_are_skipped()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "a,b\n\n1,2\n\r\n3,4\n\n", Strings);
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(0, t.Context.Quarantine.Count);
    }

    [Fact]
    public void A_utf8_bom_is_removed_from_the_first_column_name()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bom.csv");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "id,name\n1,é\n"u8]);
        var t = CsvTestReading.Read(path);
        Assert.Equal("id", t.Schema.FieldsList[0].Name);
        Assert.Equal("é", t.Values("name").Single());
        Assert.Equal("utf-8-bom", CsvFormat.Sniff(path).Dialect.Encoding);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Utf16_files_with_a_bom_are_transcoded(string encodingName)
    {
        using var dir = new TempDirectory();
        var path = dir.File("u16.csv");
        var encoding = encodingName == "utf-16le" ? Encoding.Unicode : Encoding.BigEndianUnicode;
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes("name,age\nŁukasz,41\nZoë,7\n")]);
        var t = CsvTestReading.Read(path);
        Assert.Equal(["Łukasz", "Zoë"], t.Values("name"));
        Assert.Equal(["41", "7"], t.Values("age"));
        Assert.Equal("int64", CsvTestReading.TypeOf(t, "age"));
        Assert.Equal(encodingName, CsvFormat.Sniff(path).Dialect.Encoding);
    }

    [Fact]
    public void Utf16_without_a_bom_is_recognised_from_its_zero_bytes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("u16.csv");
        File.WriteAllBytes(path, Encoding.Unicode.GetBytes("name,age\nann,41\nbob,7\n"));
        Assert.Equal(["ann", "bob"], CsvTestReading.Read(path).Values("name"));
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters_instead_of_failing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("latin1.csv");
        File.WriteAllBytes(path, [.. "name,n\n"u8, (byte)'J', 0xFC, (byte)'r', (byte)'g', .. ",1\n"u8]);
        var t = CsvTestReading.Read(path);
        Assert.Equal("J\uFFFDrg", t.Values("name").Single());
    }

    [Fact]
    public void An_encoding_named_in_the_options_is_used()
    {
        using var dir = new TempDirectory();
        var path = dir.File("latin1.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("name,n\nJürg,1\n"));
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { Encoding = "latin1" } });
        Assert.Equal("Jürg", t.Values("name").Single());
    }

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    public void The_delimiter_is_detected_from_consistent_field_counts(string delimiter)
    {
        using var dir = new TempDirectory();
        // Commas inside the values must not fool the sniffer when the delimiter is something else.
        var d = delimiter;
        var text = $"name{d}amount{d}note\n\"Smith, J\"{d}1{d}a\n\"Doe, K\"{d}2{d}b\nLee{d}3{d}\"x, y\"\n";
        var path = dir.WriteText("d.csv", text);
        Assert.Equal(delimiter[0], CsvFormat.Sniff(path).Dialect.Delimiter);
        var t = CsvTestReading.Read(path);
        Assert.Equal(["Smith, J", "Doe, K", "Lee"], t.Values("name"));
    }

    [Fact]
    public void A_single_quote_is_detected_as_the_quote_when_it_encloses_delimiters()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("q.csv", "a,b\n'x, y',1\n'z, w',2\n");
        Assert.Equal('\'', CsvFormat.Sniff(path).Dialect.Quote);
        Assert.Equal(["x, y", "z, w"], CsvTestReading.Read(path).Values("a"));
    }

    [Fact]
    public void A_tsv_extension_forces_the_tab_delimiter()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("t.tsv", "a,x\tb\n1,2\t3\n");
        var t = CsvTestReading.Read(path);
        Assert.Equal(["a,x", "b"], t.Schema.FieldsList.Select(f => f.Name));
    }

    [Fact]
    public void Dialect_overrides_win_over_detection()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("o.csv", "a;b\n1;2\n");
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { Delimiter = ',', HasHeader = false } });
        Assert.Equal(["column_1"], t.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(["a;b", "1;2"], t.Values("column_1"));
    }

    [Fact]
    public void A_header_is_detected_over_typed_columns_and_absent_over_numbers()
    {
        using var dir = new TempDirectory();
        Assert.True(CsvFormat.Sniff(dir.WriteText("h.csv", "id,score\n1,2.5\n2,3.5\n")).Dialect.HasHeader);
        var noHeader = dir.WriteText("n.csv", "1,2.5\n2,3.5\n");
        Assert.False(CsvFormat.Sniff(noHeader).Dialect.HasHeader);
        var t = CsvTestReading.Read(noHeader);
        Assert.Equal(["column_1", "column_2"], t.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(2, t.Rows.Count);
    }

    [Fact]
    public void Empty_and_duplicate_header_names_are_made_unique()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "a,,a,b,a\n1,2,3,4,5\n");
        Assert.Equal(["a", "column_2", "a_2", "b", "a_3"], t.Schema.FieldsList.Select(f => f.Name));
    }

    [Fact]
    public void Standard_input_is_not_needed_to_read_an_empty_file()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "");
        Assert.Empty(t.Rows);
        Assert.Empty(t.Schema.FieldsList);
    }

    [Fact]
    public void A_header_only_file_gives_its_columns_and_no_rows()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "alpha,beta\n");
        Assert.Equal(["alpha", "beta"], t.Schema.FieldsList.Select(f => f.Name));
        Assert.Empty(t.Rows);
    }

    [Fact]
    public void A_missing_file_is_an_invalid_input_error_naming_it()
    {
        var ex = Assert.Throws<Pipeline.Core.Errors.PipelineException>(() => CsvTestReading.Read(new CsvSource(["/nonexistent/x.csv"])));
        Assert.Equal(Pipeline.Core.Errors.PipelineErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("/nonexistent/x.csv", ex.Message);
    }

    [Fact]
    public void Gzip_compressed_csv_is_decompressed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("z.csv.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write("a,b\n1,x\n2,y\n"u8);
        var t = CsvTestReading.Read(path);
        Assert.Equal(["1", "2"], t.Values("a"));
    }

    [Fact]
    public void Null_values_from_the_options_read_as_null()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "a,b\n1,NA\nNA,x\n3,\n",
            new SourceOptions { Csv = new CsvReadOptions { NullValues = ["", "NA"] } });
        Assert.Equal("int64", CsvTestReading.TypeOf(t, "a"));
        Assert.Equal(["1", null, "3"], t.Values("a"));
        Assert.Equal([null, "x", null], t.Values("b"));
    }

    [Fact]
    public void Progress_reports_the_whole_file()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("p.csv", "a,b\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},v{i}\n")));
        var t = CsvTestReading.Read(path, null, new PipelineOptions { BatchSize = 100 });
        Assert.Equal(new FileInfo(path).Length, t.Context.InputBytesTotal);
        Assert.Equal(new FileInfo(path).Length, t.Context.InputBytesRead);
    }
}
