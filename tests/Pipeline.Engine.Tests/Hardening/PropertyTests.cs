using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using CsCheck;
using Pipeline.Hosting.Building;
using Pipeline.Engine.Validate;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Hardening;

/// <summary>
/// Properties checked on generated data (CsCheck; a failure prints the seed that reproduces it): CSV written by
/// Pipeline reads back to the same strings whatever they hold; every run conserves its rows; results do not depend on
/// parallelism or batch size.
/// </summary>
public class PropertyTests
{
    /// <summary>Characters that stress a CSV writer and reader: separators, quotes, line breaks, spaces, non-ASCII.</summary>
    private static readonly Gen<char> HostileChar = Gen.OneOf(',', ';', '"', '\'', '\n', '\r', ' ', '\t', 'a', 'Z', '0', 'é', '日', '\\', '#', '=');

    private static readonly Gen<string> Value = HostileChar.Array[1, 12].Select(chars => new string(chars));

    private static RecordBatch Table(string[][] rows)
    {
        var builders = Enumerable.Range(0, 3).Select(_ => new StringArray.Builder()).ToArray();
        foreach (var row in rows)
            for (int c = 0; c < 3; c++) builders[c].Append(row[c]);
        var schema = new Schema(Enumerable.Range(0, 3).Select(c => new Field($"c{c}", StringType.Default, true)), null);
        return new RecordBatch(schema, builders.Select(b => (IArrowArray)b.Build()).ToList(), rows.Length);
    }

    [Fact]
    public void CsvWrittenByPipelineReadsBackToTheSameStrings()
    {
        int checkedTables = 0;
        Value.Array[3].Array[1, 40].Sample(rows =>
        {
            Interlocked.Increment(ref checkedTables);
            using var dir = new TempDirectory();
            var path = dir.File("t.csv");
            var run = DataPipeline.From(Source.Batches([Table(rows)])).To(Sink.Csv(path)).ExecuteAsync().GetAwaiter().GetResult();
            Assert.True(run.Succeeded, run.Error?.Message);
            var back = DataPipeline.From(Source.Csv(path, new CsvReadOptions { InferTypes = false, HasHeader = true, Delimiter = ',', Quote = '"' }))
                .Stream();
            var read = new List<string?[]>();
            foreach (var batch in back.Batches.ToBlockingEnumerable())
                using (batch)
                    for (int i = 0; i < batch.Length; i++)
                        read.Add([.. Enumerable.Range(0, 3).Select(c => ((StringArray)batch.Column(c)).GetString(i))]);
            back.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Assert.Equal(rows.Length, read.Count);
            for (int r = 0; r < rows.Length; r++) Assert.Equal(rows[r], read[r]);
        }, iter: 60, threads: 1);
        Assert.Equal(60, checkedTables);
    }

    /// <summary>A CSV of (id, amount, tag) rows, some with a wrong field count, some with amount &lt;= 0.</summary>
    private static readonly Gen<(int Id, int Amount, bool Malformed)[]> Orders =
        Gen.Select(Gen.Int[-50, 200], Gen.Bool, Gen.Int[0, 9]).Select((amount, flag, pick) => (0, amount, flag && pick == 0)).Array[1, 400];

    private static string WriteOrders(TempDirectory dir, (int Id, int Amount, bool Malformed)[] rows)
    {
        var text = new StringBuilder("id,amount,tag\n");
        for (int i = 0; i < rows.Length; i++)
            text.Append(rows[i].Malformed ? $"{i},{rows[i].Amount}\n" : string.Create(CultureInfo.InvariantCulture, $"{i},{rows[i].Amount},t{i % 5}\n"));
        return dir.WriteText("orders.csv", text.ToString());
    }

    [Fact]
    public void RunsConserveRowsAndGiveTheSameResultsAtAnyParallelismAndBatchSize()
    {
        Gen.Select(Orders, Gen.Int[1, 2], Gen.Int[1, 300]).Sample((rows, parallelism, batch) =>
        {
            using var dir = new TempDirectory();
            var path = WriteOrders(dir, rows);
            var rules = new[]
            {
                Rules.For("amount").GreaterThan(0),
                Rules.For("tag").InSet("t0", "t1", "t2") with { Severity = RuleSeverity.Warn },
            };
            RunResultsView Run(int dop, int size)
            {
                var r = DataPipeline.From(Source.Csv(path, new CsvReadOptions { HasHeader = true }))
                    .Validate(rules).WithOptions(o => o with { MaxDegreeOfParallelism = dop, BatchSize = size })
                    .ExecuteAsync().GetAwaiter().GetResult();
                Assert.True(r.Succeeded, r.Error?.Message);
                var rr = r.Results;
                // Conservation: every row read is accounted for.
                Assert.Equal(rr.Rows.Read, rr.Rows.Passed + rr.Rows.Quarantined + rr.Rows.Dropped);
                Assert.Equal(rows.Length, rr.Rows.Read);
                return new RunResultsView(rr.Rows.Read, rr.Rows.Passed, rr.Rows.Quarantined,
                    string.Join(";", rr.Rules.Select(x => $"{x.Name}:{x.FailedRows}:{string.Join(",", x.Examples.Select(e => e.Row))}")));
            }
            Assert.Equal(Run(1, 65_536), Run(parallelism, batch));
        }, iter: 25, threads: 1);
    }

    private sealed record RunResultsView(long Read, long Passed, long Quarantined, string Rules);
}

/// <summary>Spilling changes nothing: a sort and a dedup over generated rows give the same output, row for row, under a
/// budget that forces them to spill as with room to spare.</summary>
public class SpillPropertyTests
{
    [Fact]
    public void SortAndDedupGiveTheSameRowsWhetherTheySpillOrNot()
    {
        var rowGen = Gen.Select(Gen.Int[0, 60], Gen.Int[0, 5], Gen.Char['a', 'z'].Array[150, 250]);
        int spilledRuns = 0;
        rowGen.Array[8_000, 14_000].Sample(rows =>
        {
            using var dir = new TempDirectory();
            var text = new StringBuilder("key,variant,payload\n");
            foreach (var (key, variant, payload) in rows) text.Append(key).Append(',').Append(variant).Append(',').Append(payload).Append('\n');
            var csv = dir.WriteText("in.csv", text.ToString());
            (string Rows, long Spilled, long Deduplicated) Run(long limit, string name)
            {
                var output = dir.File(name + ".arrow");
                var spec = new Pipeline.Hosting.Specs.PipelineSpec(
                    new Pipeline.Hosting.Specs.SourceSpec(csv, new SourceOptions()),
                    [new Pipeline.Hosting.Specs.SinkSpec(output, new SinkOptions())],
                    new Core.Options.PipelineOptions { MemoryLimit = limit, BatchSize = 512, MaxDegreeOfParallelism = 2, SpillDirectory = dir.Path })
                {
                    Dedup = new Pipeline.Hosting.Specs.DedupSpec(["key", "payload"], Core.Operators.Dedup.DedupKeep.First),
                    Sort = [new Core.Operators.Sort.SortKey("key"), new Core.Operators.Sort.SortKey("variant", Descending: true)],
                };
                var job = Pipeline.Hosting.Running.SpecRunner.RunAsync(new Pipeline.Hosting.Running.SpecRunRequest { Spec = spec }).GetAwaiter().GetResult();
                Assert.True(job.Succeeded, job.Error?.Message);
                var all = new StringBuilder();
                using var context = new Core.Execution.PipelineContext();
                var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(output), context);
                foreach (var batch in batches)
                    using (batch)
                        for (int i = 0; i < batch.Length; i++)
                            all.Append(((Int64Array)batch.Column(0)).GetValue(i)).Append('/').Append(((Int64Array)batch.Column(1)).GetValue(i))
                               .Append('/').Append(((StringArray)batch.Column(2)).GetString(i)).Append('\n');
                return (all.ToString(), job.Results.SpilledBytes, job.Results.Rows.Deduplicated);
            }
            var roomy = Run(1L << 30, "roomy");
            var tight = Run(1L << 20, "tight");
            Assert.Equal(roomy.Rows, tight.Rows);
            Assert.Equal(roomy.Deduplicated, tight.Deduplicated);
            if (tight.Spilled > 0) Interlocked.Increment(ref spilledRuns);
        }, iter: 4, threads: 1);
        Assert.True(spilledRuns > 0, "no generated input made the tight run spill");
    }
}
