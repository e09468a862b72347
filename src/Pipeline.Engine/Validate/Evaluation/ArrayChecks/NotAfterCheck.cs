using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary><c>not_future</c> on date and timestamp arrays: each value is converted to microseconds since the epoch
/// exactly as <see cref="Values.ArrowValues"/> converts it (nanoseconds truncate) and compared with the limit.</summary>
internal sealed class NotAfterCheck(long limitMicros) : IArrayCheck
{
    public int Evaluate(IArrowArray array, Span<bool> fails) => array switch
    {
        Date32Array a => Run(a.Values, a, fails, 86_400_000_000L, 1),
        Date64Array a => Run(a.Values, a, fails, 1000L, 1),
        TimestampArray a => ((TimestampType)a.Data.DataType).Unit switch
        {
            TimeUnit.Second => Run(a.Values, a, fails, 1_000_000L, 1),
            TimeUnit.Millisecond => Run(a.Values, a, fails, 1000L, 1),
            TimeUnit.Microsecond => Run(a.Values, a, fails, 1, 1),
            _ => Run(a.Values, a, fails, 1, 1000L),
        },
        _ => -1,
    };

    private int Run<T>(ReadOnlySpan<T> values, IArrowArray array, Span<bool> fails, long multiply, long divide) where T : System.Numerics.IBinaryInteger<T>
    {
        int n = array.Length, count = 0;
        fails = fails[..n];
        for (int i = 0; i < n; i++)
        {
            long micros = long.CreateTruncating(values[i]) * multiply / divide;
            bool fail = micros > limitMicros;
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return array.NullCount == 0 ? count : Validity.ClearNulls(array, fails, count);
    }
}
