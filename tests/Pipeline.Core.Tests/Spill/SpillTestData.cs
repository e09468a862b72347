using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Tests.Spill;

/// <summary>Batches with one column of each kind the spill must carry, nulls included.</summary>
internal static class SpillTestData
{
    public static readonly Schema Schema = new Schema.Builder()
        .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("x").DataType(DoubleType.Default).Nullable(true))
        .Field(f => f.Name("s").DataType(StringType.Default).Nullable(true))
        .Field(f => f.Name("b").DataType(BooleanType.Default).Nullable(true))
        .Field(f => f.Name("t").DataType(new TimestampType(TimeUnit.Microsecond, "UTC")).Nullable(true))
        .Field(f => f.Name("empty").DataType(Int32Type.Default).Nullable(true))
        .Build();

    public static RecordBatch Make(int start, int rows)
    {
        var id = new Int64Array.Builder();
        var x = new DoubleArray.Builder();
        var s = new StringArray.Builder();
        var b = new BooleanArray.Builder();
        var t = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var empty = new Int32Array.Builder();
        for (int i = start; i < start + rows; i++)
        {
            id.Append(i);
            if (i % 5 == 0) x.AppendNull(); else x.Append(i * 0.25);
            if (i % 7 == 0) s.AppendNull(); else s.Append($"value-{i}-é");
            if (i % 3 == 0) b.AppendNull(); else b.Append(i % 2 == 0);
            if (i % 11 == 0) t.AppendNull(); else t.Append(DateTimeOffset.UnixEpoch.AddSeconds(i));
            empty.AppendNull();
        }
        return new RecordBatch(Schema, [id.Build(), x.Build(), s.Build(), b.Build(), t.Build(), empty.Build()], rows);
    }

    /// <summary>Asserts that <paramref name="actual"/> holds the same values as <paramref name="expected"/>.</summary>
    public static void AssertEqual(RecordBatch expected, RecordBatch actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var (eid, aid) = ((Int64Array)expected.Column(0), (Int64Array)actual.Column(0));
        var (ex, ax) = ((DoubleArray)expected.Column(1), (DoubleArray)actual.Column(1));
        var (es, @as) = ((StringArray)expected.Column(2), (StringArray)actual.Column(2));
        var (eb, ab) = ((BooleanArray)expected.Column(3), (BooleanArray)actual.Column(3));
        var (et, at) = ((TimestampArray)expected.Column(4), (TimestampArray)actual.Column(4));
        var (ee, ae) = ((Int32Array)expected.Column(5), (Int32Array)actual.Column(5));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(eid.GetValue(i), aid.GetValue(i));
            Assert.Equal(ex.GetValue(i), ax.GetValue(i));
            Assert.Equal(es.GetString(i), @as.GetString(i));
            Assert.Equal(eb.GetValue(i), ab.GetValue(i));
            Assert.Equal(et.GetTimestamp(i), at.GetTimestamp(i));
            Assert.Equal(ee.GetValue(i), ae.GetValue(i));
        }
    }
}
