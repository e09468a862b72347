using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Every Arrow integration gold file is written as CSV with one record per row (nested values as JSON,
/// binary as base64, extreme dates and durations exactly), or refused up front with a Schema error naming the column.</summary>
public sealed class CsvSinkGoldTests
{
    private const string Root = "arrow-testing/data/arrow-ipc-stream/integration";

    public static IEnumerable<object[]> GoldFiles() => CorpusFiles.Rows(CorpusFiles.Under(Root,
        f => f.EndsWith(".stream", StringComparison.Ordinal) && !f.Contains("bigendian", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(GoldFiles))]
    public async Task Gold_file_is_written_as_csv_row_for_row_or_refused_by_column(string file)
    {
        using var dir = new TempDirectory();
        var (schema, original) = SinkRunner.Read("arrows", Corpus.Path(file));
        int rows = original.Sum(b => b.Length);
        try
        {
            await SinkRunner.WriteAsync("csv", dir.File("g.csv"), schema, original);
        }
        catch (PipelineException ex)
        {
            Assert.Equal(PipelineErrorKind.Schema, ex.Kind);
            Assert.Contains("column '", ex.Message);
            Assert.Empty(Directory.GetFiles(dir.Path));
            return;
        }
        finally
        {
            foreach (var b in original) b.Dispose();
        }
        if (schema.FieldsList.Count == 0) return;
        var source = FileFormats.OpenSource(dir.File("g.csv"), new SourceOptions { Csv = new CsvReadOptions { InferTypes = false, HasHeader = true } });
        using var context = new PipelineContext();
        var (_, copy) = BatchReading.ReadAll(source, context);
        // With a single column, a null row is an empty line, which CSV readers (ours included) skip as blank.
        if (schema.FieldsList.Count == 1) Assert.InRange(copy.Sum(b => b.Length), rows - original.Sum(b => b.Column(0).NullCount), rows);
        else Assert.Equal(rows, copy.Sum(b => b.Length));
        Assert.Equal(0, context.Quarantine.Count);
        foreach (var b in copy) b.Dispose();
    }
}
