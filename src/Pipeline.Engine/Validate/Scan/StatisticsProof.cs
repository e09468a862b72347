using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Kinds;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.Engine.Validate.Scan;

/// <summary>
/// Decides from a row group's footer alone that a row rule passes on every row of it, so its column need not be
/// decoded there, as the rule's kind allows (<see cref="FooterProof"/>): <c>not_null</c> on a required column, and the
/// rules whose passing values form one interval (the range rules and <c>not_future</c>) on an integer, date or timestamp column whose smallest and largest values both
/// pass, checked by the rule's own array check so the answer is the one a decoded row would get. A filter only
/// narrows which rows a rule checks, so a proof without it holds with it. Floating-point columns are never proven:
/// their statistics leave NaN out, and NaN fails every range.
/// </summary>
internal static class StatisticsProof
{
    public static bool PassesEveryRow(RowCheck check, IArrowType type, ColumnChunkFacts facts)
        => check.Kind.Proof switch
        {
            FooterProof.NeverNull => facts.NeverNull,
            FooterProof.PassingEndpoints => facts is { Min: long min, Max: long max } && min <= max
                && Endpoints(type, min, max) is { } values && check.PassesEvery(values),
            _ => false,
        };

    /// <summary>A two-value array of <paramref name="type"/> holding the raw minimum and maximum; null for types
    /// where a value between them could convert out of order (dates and timestamps past ±292,000 years overflow
    /// microseconds).</summary>
    private static IArrowArray? Endpoints(IArrowType type, long min, long max)
    {
        const long MaxDays = 106_000_000, MaxMillis = MaxDays * 86_400_000L;
        return type switch
        {
            Int64Type => new Int64Array.Builder().Append(min).Append(max).Build(),
            Int32Type => new Int32Array.Builder().Append((int)min).Append((int)max).Build(),
            Int16Type => new Int16Array.Builder().Append((short)min).Append((short)max).Build(),
            Int8Type => new Int8Array.Builder().Append((sbyte)min).Append((sbyte)max).Build(),
            Date32Type when Within(min, max, MaxDays) => Raw(type, min, max),
            TimestampType { Unit: TimeUnit.Second } when Within(min, max, MaxMillis / 1000) => Raw(type, min, max),
            TimestampType { Unit: TimeUnit.Millisecond } when Within(min, max, MaxMillis) => Raw(type, min, max),
            TimestampType { Unit: TimeUnit.Microsecond or TimeUnit.Nanosecond } => Raw(type, min, max),
            _ => null,
        };
    }

    private static bool Within(long min, long max, long bound) => min > -bound && min < bound && max > -bound && max < bound;

    private static IArrowArray Raw(IArrowType type, long min, long max)
    {
        int width = type is Date32Type ? 4 : 8;
        var bytes = new byte[2 * width];
        if (width == 4)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), (int)min);
            BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), (int)max);
        }
        else
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), min);
            BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), max);
        }
        var data = new ArrayData(type, 2, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(bytes)]);
        return ArrowArrayFactory.BuildArray(data);
    }
}
