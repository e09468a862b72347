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
