using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

/// <summary>Reads CSV inputs into plain rows of display strings for assertions.</summary>
internal static class CsvTestReading
{
    public sealed record Table(Schema Schema, List<string?[]> Rows, PipelineContext Context, List<int> BatchLengths)
    {
        public int Column(string name) => Schema.GetFieldIndex(name);
        public IEnumerable<string?> Values(string name) => Rows.Select(r => r[Column(name)]);
    }

    public static Table Read(string path, SourceOptions? options = null, PipelineOptions? pipeline = null)
        => Read(new CsvSource(InputPaths.Expand(path), options), pipeline);

    public static Table Read(CsvSource source, PipelineOptions? pipeline = null)
    {
        var context = new PipelineContext(pipeline ?? new PipelineOptions { MaxDegreeOfParallelism = 2 });
        var (schema, batches) = BatchReading.ReadAll(source, context);
        var rows = new List<string?[]>();
        foreach (var batch in batches)
        {
            Assert.All(Enumerable.Range(0, batch.ColumnCount), c => Assert.Equal(batch.Length, batch.Column(c).Length));
            for (int r = 0; r < batch.Length; r++)
                rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => BatchReading.Display(batch.Column(c), r)).ToArray());
        }
        var lengths = batches.Select(b => b.Length).ToList();
        foreach (var b in batches) b.Dispose();
        return new Table(schema, rows, context, lengths);
    }

    public static Table ReadText(TempDirectory dir, string content, SourceOptions? options = null, PipelineOptions? pipeline = null, string name = "input.csv")
        => Read(dir.WriteText(name, content), options, pipeline);

    public static string TypeOf(Table table, string column) => table.Schema.GetFieldByName(column).DataType.Name;
}
