using System.Text;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvFuzzTests
{
    private static readonly byte[] Alphabet = "ab1,;\"'\r\n\t|. -\"\"\n,,"u8.ToArray();

    [Fact]
    public async Task Random_csv_like_inputs_give_the_same_rows_and_rejects_at_every_batch_size()
    {
        using var dir = new TempDirectory();
        var random = new Random(20261126);
        for (int n = 0; n < 150; n++)
        {
            var bytes = new byte[random.Next(0, 3000)];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = random.Next(10) == 0 ? (byte)random.Next(256) : Alphabet[random.Next(Alphabet.Length)];
            var path = dir.File($"fuzz{n}.csv");
            await File.WriteAllBytesAsync(path, bytes);

            var (rows1, rejected1) = await ReadAsync(path, 1);
            var (rows2, rejected2) = await ReadAsync(path, 3);
            var (rows3, rejected3) = await ReadAsync(path, 65_536);
            Assert.Equal(rows3, rows1);
            Assert.Equal(rows3, rows2);
            Assert.Equal(rejected3, rejected1);
            Assert.Equal(rejected3, rejected2);
        }
    }

    private static async Task<(List<string> Rows, List<long?> RejectedLines)> ReadAsync(string path, int batchSize)
    {
        using var context = new PipelineContext(new PipelineOptions { BatchSize = batchSize, MaxDegreeOfParallelism = 2, TypeMismatch = TypeMismatchPolicy.Quarantine });
        var rows = new List<string>();
        try
        {
            using var stream = new CsvSource([path]).Open(context);
            long seen = 0;
            while (await stream.ReadNextRecordBatchAsync() is { } batch)
            {
                using (batch)
                    for (int r = 0; r < batch.Length; r++)
                        rows.Add(string.Join("\u0001", Enumerable.Range(0, batch.ColumnCount).Select(c => BatchReading.Display(batch.Column(c), r))));
                seen += batch.Length;
            }
            Assert.Equal(((CsvBatchStream)stream).RecordsSeen, seen + context.Quarantine.Count);
        }
        catch (PipelineException ex)
        {
            rows.Add("error: " + ex.Message);
        }
        var lines = new List<long?>();
        using var reader = context.Quarantine.OpenReader();
        while (await reader.ReadNextRecordBatchAsync() is { } q)
            using (q)
                for (int i = 0; i < q.Length; i++) lines.Add(((Apache.Arrow.Int64Array)q.Column(2)).GetValue(i));
        return (rows, lines);
    }
}
