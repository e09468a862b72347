using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Tests.Operators;

/// <summary>
/// A generated input whose exact distinct count is known independently: even rows all hold one "hot" row (half of
/// the input is one key), every 1000th odd row is all null, and the other odd rows cycle through
/// <c>cycle</c> keys, each with a long string (hundreds of bytes) so the keys dwarf a small memory limit.
/// </summary>
internal sealed class DistinctTestData(int rows, int cycle, int batchSize = 8192)
{
    public static readonly Schema Schema = new Schema.Builder()
        .Field(f => f.Name("k").DataType(Int64Type.Default).Nullable(true))
        .Field(f => f.Name("s").DataType(StringType.Default).Nullable(true))
        .Field(f => f.Name("x").DataType(DoubleType.Default).Nullable(true))
        .Field(f => f.Name("flag").DataType(BooleanType.Default).Nullable(true))
        .Field(f => f.Name("day").DataType(Date32Type.Default).Nullable(true))
        .Build();

    private static readonly string Padding = new('p', 900);

    public int Rows => rows;

    /// <summary>Distinct rows computed from the generator's rules, not by running any counter.</summary>
    public long ExpectedDistinct()
    {
        var seen = new bool[cycle];
        bool anyNull = false, anyHot = false;
        for (int i = 0; i < rows; i++)
        {
            if (i % 2 == 0) anyHot = true;
            else if (i % 1000 == 1) anyNull = true;
            else seen[(i / 2) % cycle] = true;
        }
        return seen.Count(s => s) + (anyNull ? 1 : 0) + (anyHot ? 1 : 0);
    }

    /// <summary>Total bytes of the generated batches' buffers (to check the input is much larger than the limit).</summary>
    public long StringBytes()
    {
        long total = 0;
        for (int i = 1; i < rows; i += 2) total += 20 + 300 + (i / 2) % cycle % 600;
        return total;
    }

    public IEnumerable<RecordBatch> Batches()
    {
        for (int start = 0; start < rows; start += batchSize)
        {
            int n = Math.Min(batchSize, rows - start);
            var k = new Int64Array.Builder();
            var s = new StringArray.Builder();
            var x = new DoubleArray.Builder();
            var flag = new BooleanArray.Builder();
            var day = new Date32Array.Builder();
            for (int i = start; i < start + n; i++)
            {
                if (i % 2 == 0)
                {
                    k.Append(42); s.Append("hot"); x.Append(double.NaN); flag.Append(true); day.Append(new DateTime(2024, 1, 1));
                }
                else if (i % 1000 == 1)
                {
                    k.AppendNull(); s.AppendNull(); x.AppendNull(); flag.AppendNull(); day.AppendNull();
                }
                else
                {
                    int j = (i / 2) % cycle;
                    k.Append(j);
                    s.Append(string.Concat("key-", j.ToString(System.Globalization.CultureInfo.InvariantCulture), "-", Padding.AsSpan(0, 300 + j % 600)));
                    x.Append(j % 3 == 0 ? -0.0 : j * 0.5);
                    flag.Append(j % 2 == 0);
                    day.Append(new DateTime(2000, 1, 1).AddDays(j % 5000));
                }
            }
            yield return new RecordBatch(Schema, [k.Build(), s.Build(), x.Build(), flag.Build(), day.Build()], n);
        }
    }
}
