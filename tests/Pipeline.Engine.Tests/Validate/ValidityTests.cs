using Apache.Arrow;
using Pipeline.Engine.Validate.Evaluation.ArrayChecks;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>The bitmap readers that clear and mark null rows eight at a time, against Arrow's own per-row IsNull, on
/// sliced arrays (bit offsets that are not multiples of eight) and lengths that leave a tail.</summary>
public class ValidityTests
{
    [Fact]
    public void Null_rows_are_marked_and_cleared_like_arrow_reads_them_at_every_offset_and_length()
    {
        var random = new Random(11);
        var builder = new Int32Array.Builder();
        for (int i = 0; i < 300; i++) { if (random.Next(3) == 0) builder.AppendNull(); else builder.Append(i); }
        var whole = builder.Build();
        foreach (int offset in new[] { 0, 1, 3, 7, 8, 9, 13, 64 })
            foreach (int length in new[] { 0, 1, 7, 8, 9, 17, 64, 100, 300 - offset })
            {
                if (offset + length > whole.Length) continue;
                var array = (Int32Array)whole.Slice(offset, length);
                var expectedNull = Enumerable.Range(0, length).Select(array.IsNull).ToArray();

                var isNull = new bool[length];
                Assert.Equal(expectedNull.Count(x => x), Validity.MarkNulls(array, isNull));
                Assert.Equal(expectedNull, isNull);

                var fails = Enumerable.Range(0, length).Select(_ => random.Next(2) == 0).ToArray();
                var expectedFails = fails.Select((f, i) => f && !expectedNull[i]).ToArray();
                Assert.Equal(expectedFails.Count(x => x), Validity.ClearNulls(array, fails, fails.Count(x => x)));
                Assert.Equal(expectedFails, fails);
            }
    }
}
