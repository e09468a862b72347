using Pipeline.Core.Errors;
using Pipeline.IO.Formats;
using Pipeline.IO.Partitions;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Partitions;

/// <summary>
/// Byte ranges tile a file: cut a CSV or JSON lines file at random offsets, read each range (the records that start
/// in it), and the ranges together hold exactly the rows of the whole file, in order, none twice and none lost,
/// including records with quoted line breaks, doubled quotes, CRLF line ends and a missing final line break.
/// Row groups tile a Parquet file the same way.
/// </summary>
public class ByteRangeTilingTests
{
    private static readonly SourceOptions Strings = new() { Csv = new CsvReadOptions { InferTypes = false } };

    [Fact]
    public void GeneratedCsvFilesReadTheSameRowsThroughAnyRandomCuts()
    {
        using var dir = new TempDirectory();
        var random = new Random(22);
        for (int file = 0; file < 12; file++)
        {
            string newline = file % 3 == 0 ? "\r\n" : "\n";
            var text = new System.Text.StringBuilder("id,text,n" + newline);
            int rows = random.Next(1, 400);
            for (int r = 0; r < rows; r++)
            {
                string field = random.Next(6) switch
                {
                    0 => "\"two\nlines\"",
                    1 => "\"a \"\"quoted\"\" word, and a comma\"",
                    2 => "\"ends with newline\r\n\"",
                    3 => "\"\"",
                    4 => "plain" + r,
                    _ => "\"x\ny\nz\"",
                };
                text.Append(r).Append(',').Append(field).Append(',').Append(random.Next(1000));
                if (r < rows - 1 || file % 4 != 1) text.Append(newline); // some files end without a line break
            }
            var path = dir.WriteText($"g{file}.csv", text.ToString());
            AssertCutsTile(path, random, Strings, cuts: 8);
        }
    }

    [Theory]
    [InlineData("csv-spectrum", "csvs", "quotes_and_newlines.csv")]
    [InlineData("csv-spectrum", "csvs", "newlines_crlf.csv")]
    [InlineData("csv-spectrum", "csvs", "escaped_quotes.csv")]
    [InlineData("seaborn-data", "brain_networks.csv")]
    [InlineData("seaborn-data", "diamonds.csv")]
    public void CorpusCsvFilesReadTheSameRowsThroughAnyRandomCuts(params string[] parts)
    {
        AssertCutsTile(Corpus.Path(parts), new Random(parts[^1].Length), Strings, cuts: 6);
    }

    [Fact]
    public void JsonLinesReadTheSameRowsThroughAnyRandomCuts()
    {
        using var dir = new TempDirectory();
        var random = new Random(7);
        var lines = Enumerable.Range(0, 500).Select(i => $"{{\"id\": {i}, \"s\": \"line\\nbreak {i}\", \"x\": {random.NextDouble()}}}");
        var path = dir.WriteText("in.jsonl", string.Join("\n", lines) + "\n\n");
        AssertCutsTile(path, random, new SourceOptions(), cuts: 7);
    }

    [Fact]
    public void ParquetRowGroupRangesTileTheFile()
    {
        var path = Corpus.Path("parquet-testing", "data", "alltypes_tiny_pages.parquet");
        var whole = Rows(path, new SourceOptions());
        using var file = Pipeline.IO.Sources.Parquet.ParquetRowGroupFile.Open(path, 1024, false);
        int groups = file.RowGroupCount;
        var parts = Enumerable.Range(0, groups + 1).Select(g => InputPartition.Parse(PartitionUnit.RowGroups, $"{g}:{g + 1}")).ToList();
        var joined = parts.SelectMany(p => Rows(path, new SourceOptions { Partition = p })).ToList();
        Assert.Equal(whole, joined);
    }

    [Fact]
    public void PlannedPartitionsTileEachFileOfAFolder()
    {
        using var dir = new TempDirectory();
        var a = dir.WriteText("a.csv", "k,v\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i},\"v\n{i}\"\n")));
        dir.WriteText("b.csv", "k,v\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},w{i}\n")));
        var plan = PartitionPlanner.Plan(dir.Path, 6);
        Assert.True(plan.Count >= 4, $"{plan.Count} partitions");
        foreach (var group in plan.GroupBy(p => p.File))
        {
            var whole = Rows(group.Key, Strings);
            var joined = group.SelectMany(p => Rows(p.File, Strings with { Partition = p.Partition })).ToList();
            Assert.Equal(whole, joined);
        }
        Assert.True(plan.Count(p => p.File == a) > 1, "the larger file is split");
    }

    [Fact]
    public void ARangeOfSeveralFilesOrOfTheWrongUnitIsRefusedClearly()
    {
        using var dir = new TempDirectory();
        dir.WriteText("a.csv", "k\n1\n");
        dir.WriteText("b.csv", "k\n2\n");
        var both = Assert.Throws<PipelineException>(() => Rows(dir.Path, new SourceOptions { Partition = InputPartition.Parse(PartitionUnit.Bytes, "0:10") }));
        Assert.Contains("one file", both.Message);
        var unit = Assert.Throws<PipelineException>(() => Rows(dir.File("a.csv"), new SourceOptions { Partition = InputPartition.Parse(PartitionUnit.RowGroups, "0:1") }));
        Assert.Contains("--byte-range", unit.Message);
        var bad = Assert.Throws<PipelineException>(() => InputPartition.Parse(PartitionUnit.Bytes, "9:3"));
        Assert.Contains("before START", bad.Message);
    }

    private static void AssertCutsTile(string path, Random random, SourceOptions options, int cuts)
    {
        var whole = Rows(path, options);
        long size = new FileInfo(path).Length;
        for (int trial = 0; trial < 3; trial++)
        {
            var points = Enumerable.Range(0, cuts).Select(_ => random.NextInt64(0, size + 1)).Append(0).Append(size).Distinct().Order().ToList();
            var joined = new List<string>();
            for (int i = 0; i + 1 < points.Count; i++)
                joined.AddRange(Rows(path, options with { Partition = new InputPartition(PartitionUnit.Bytes, points[i], points[i + 1]) }));
            Assert.True(whole.SequenceEqual(joined), $"{path}: cuts {string.Join(",", points)} read {joined.Count} rows, the whole file {whole.Count}");
        }
    }

    private static List<string> Rows(string path, SourceOptions options)
    {
        var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path, options));
        var rows = new List<string>();
        foreach (var batch in batches)
            for (int r = 0; r < batch.Length; r++)
                rows.Add(string.Join("\u0001", Enumerable.Range(0, batch.ColumnCount).Select(c => BatchReading.Display(batch.Column(c), r) ?? "<null>")));
        return rows;
    }
}
