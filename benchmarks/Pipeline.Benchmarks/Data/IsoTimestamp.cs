namespace Pipeline.Benchmarks.Data;

/// <summary>Formats microsecond timestamps as ISO 8601 text without a zone (<c>2024-01-01T00:00:03.123456</c>).</summary>
public static class IsoTimestamp
{
    /// <summary>Length of every formatted value.</summary>
    public const int Length = 26;

    /// <summary>Writes the timestamp; hand-rolled because a custom <see cref="DateTime"/> format string costs
    /// several times more and this runs once per row.</summary>
    public static int Write(Span<byte> destination, long microsSinceEpoch)
    {
        var time = DateTime.UnixEpoch.AddTicks(microsSinceEpoch * 10);
        var (year, month, day) = time;
        int micros = (int)(microsSinceEpoch % 1_000_000);
        var d = destination[..Length];
        Digits(d[..4], year);
        d[4] = (byte)'-';
        Digits(d.Slice(5, 2), month);
        d[7] = (byte)'-';
        Digits(d.Slice(8, 2), day);
        d[10] = (byte)'T';
        Digits(d.Slice(11, 2), time.Hour);
        d[13] = (byte)':';
        Digits(d.Slice(14, 2), time.Minute);
        d[16] = (byte)':';
        Digits(d.Slice(17, 2), time.Second);
        d[19] = (byte)'.';
        Digits(d.Slice(20, 6), micros);
        return Length;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
