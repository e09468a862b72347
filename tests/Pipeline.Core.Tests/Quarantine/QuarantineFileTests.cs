using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Quarantine;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Tests.Quarantine;

public class QuarantineFileTests
{
    private static readonly Schema Data = new Schema.Builder()
        .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("name").DataType(StringType.Default))
        .Build();

    private static RecordBatch RuleRows(long first, int n)
    {
        var ids = new Int64Array.Builder(); var names = new StringArray.Builder();
        for (int i = 0; i < n; i++) { ids.Append(first + i); names.Append($"n{first + i}"); }
        var data = new RecordBatch(Data, [ids.Build(), names.Build()], n);
        var rows = Enumerable.Range(0, n).Select(i => first + i).ToList();
        return QuarantineFile.FromRuleFailures(QuarantineFile.For(Data), data, "validate", "in.csv", rows,
            rows.Select(_ => "r1,r2").ToList(), rows.Select(r => $"r1: id = {r}; r2: bad").ToList());
    }

    [Fact]
    public async Task ReaderRejectsAndRuleFailuresShareOneLayoutAcrossSpills()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pl-qf-" + Guid.NewGuid().ToString("N"));
        using (var collector = new QuarantineCollector(dir))
        {
            collector.Add(new QuarantinedRow("read", "in.csv", 7, "expected 2 fields, found 3", "1,a,b"));
            long next = 0;
            while (next < QuarantineCollector.ChunkRows * 2 + 5) { collector.AddRuleFailures(RuleRows(next, 1000), "validate"); next += 1000; }
            Assert.Single(Directory.GetFiles(dir)); // the rule rows spilled; one reader reject stays in memory
            Assert.Equal(next + 1, collector.Count);
            Assert.Equal(next, collector.CountsByStage["validate"]);

            using var reader = collector.OpenFileReader(Data);
            Assert.Equal(["id", "name", "_stage", "_source", "_row", "_line", "_rule", "_reason", "_record"], reader.Schema.FieldsList.Select(f => f.Name));
            Assert.True(reader.Schema.GetFieldByName("id").IsNullable);
            var rows = new List<long>();
            bool first = true;
            await reader.ForEachAsync(b =>
            {
                using (b)
                {
                    for (int i = 0; i < b.Length; i++)
                    {
                        if (first)
                        {
                            Assert.True(b.Column("id").IsNull(i));
                            Assert.Equal(7, ((Int64Array)b.Column("_line")).GetValue(i));
                            Assert.Equal("1,a,b", ((StringArray)b.Column("_record")).GetString(i));
                            Assert.True(b.Column("_row").IsNull(i));
                            first = false;
                            continue;
                        }
                        long row = ((Int64Array)b.Column("_row")).GetValue(i)!.Value;
                        Assert.Equal(row, ((Int64Array)b.Column("id")).GetValue(i));
                        Assert.Equal("r1,r2", ((StringArray)b.Column("_rule")).GetString(i));
                        rows.Add(row);
                    }
                }
            });
            Assert.Equal(Enumerable.Range(0, (int)next).Select(i => (long)i), rows);
        }
        Assert.Empty(Directory.GetFiles(dir));
        Directory.Delete(dir);
    }

    /// <summary>Workers hand in rule failures in whatever order they finish; the file must not depend on it. Batches
    /// arrive shuffled, spill past the chunk size (some with dictionary-encoded text whose dictionaries differ batch by
    /// batch), and replay in row order with their values intact.</summary>
    [Fact]
    public async Task RuleFailuresReplayInRowOrderWhateverOrderTheyArrivedIn()
    {
        var dictionarySchema = new Schema.Builder()
            .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
            .Field(f => f.Name("tag").DataType(new DictionaryType(Int32Type.Default, StringType.Default, false)))
            .Build();
        RecordBatch TaggedRows(long first, int n)
        {
            var ids = new Int64Array.Builder(); var indices = new Int32Array.Builder();
            for (int i = 0; i < n; i++) { ids.Append(first + i); indices.Append(i % 2); }
            var dictionary = new StringArray.Builder().Append($"even{first}").Append($"odd{first}").Build();
            var tags = new DictionaryArray((DictionaryType)dictionarySchema.GetFieldByName("tag").DataType, indices.Build(), dictionary);
            var data = new RecordBatch(dictionarySchema, [ids.Build(), tags], n);
            var rows = Enumerable.Range(0, n).Select(i => first + i).ToList();
            return QuarantineFile.FromRuleFailures(QuarantineFile.For(dictionarySchema), data, "validate", "in.arrow", rows,
                rows.Select(_ => "r").ToList(), rows.Select(_ => "r: bad").ToList());
        }

        var dir = Path.Combine(Path.GetTempPath(), "pl-qf-" + Guid.NewGuid().ToString("N"));
        const int batchRows = 700, batches = 40; // 28,000 rows: several spills of 8,192
        var arrival = Enumerable.Range(0, batches).OrderBy(_ => Random.Shared.Next()).ToList();
        using (var collector = new QuarantineCollector(dir))
        {
            foreach (int b in arrival) collector.AddRuleFailures(TaggedRows((long)b * batchRows, batchRows), "validate");
            Assert.Single(Directory.GetFiles(dir));

            using var reader = collector.OpenFileReader(dictionarySchema);
            var rows = new List<long>();
            await reader.ForEachAsync(b =>
            {
                using (b)
                {
                    var tags = (DictionaryArray)b.Column("tag");
                    var dictionary = (StringArray)tags.Dictionary;
                    var indices = (Int32Array)tags.Indices;
                    for (int i = 0; i < b.Length; i++)
                    {
                        long row = ((Int64Array)b.Column("_row")).GetValue(i)!.Value;
                        Assert.Equal(row, ((Int64Array)b.Column("id")).GetValue(i));
                        long first = row - row % batchRows;
                        Assert.Equal((row - first) % 2 == 0 ? $"even{first}" : $"odd{first}", dictionary.GetString(indices.GetValue(i)!.Value));
                        rows.Add(row);
                    }
                }
            });
            Assert.Equal(Enumerable.Range(0, batchRows * batches).Select(i => (long)i), rows);
        }
        Assert.Empty(Directory.GetFiles(dir));
        Directory.Delete(dir);
    }

    [Fact]
    public void NullColumnsCoverFlatTypes()
    {
        foreach (IArrowType t in new IArrowType[] { Int32Type.Default, DoubleType.Default, BooleanType.Default, StringType.Default,
                     LargeStringType.Default, Date32Type.Default, new TimestampType(TimeUnit.Microsecond, "UTC"), new Decimal128Type(10, 2) })
        {
            var a = NullColumns.Create(t, 5);
            Assert.Equal(5, a.Length);
            Assert.Equal(5, a.NullCount);
            Assert.True(a.IsNull(4));
        }
    }
}
