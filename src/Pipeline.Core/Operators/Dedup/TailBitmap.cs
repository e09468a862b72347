using Pipeline.Core.Memory;

namespace Pipeline.Core.Operators.Dedup;

/// <summary>One bit per row of a range of input rows (the kept ones), reserved from the dedup's budget.</summary>
internal sealed class TailBitmap : IDisposable
{
    private readonly long[] _words;
    private readonly MemoryReservation _reservation;
    private readonly long _bytes;

    /// <summary>Reserves and allocates bits for <paramref name="rows"/> rows; the budget must hold them (rows / 8 bytes).</summary>
    public TailBitmap(long rows, MemoryReservation reservation)
    {
        long words = (rows + 63) / 64;
        if (words > System.Array.MaxLength)
            throw new Errors.PipelineException(Errors.PipelineErrorKind.ResourcesExhausted, $"dedup of {rows} rows past the memory budget exceeds one bitmap");
        _bytes = words * 8;
        reservation.Grow(_bytes);
        _reservation = reservation;
        _words = new long[words];
    }

    public void Set(long row) => _words[row >> 6] |= 1L << (int)(row & 63);

    public bool Get(long row) => (_words[row >> 6] & (1L << (int)(row & 63))) != 0;

    public void Dispose() => _reservation.Shrink(_bytes);
}
