namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary>Bit masks as bool bytes: the vectorized checks turn a mask of up to eight rows (validity bits, compare
/// results) into eight 0/1 bytes with one lookup and one store.</summary>
internal static class BoolBytes
{
    /// <summary>For each byte value, eight bytes holding its bits (lowest first) as 0 or 1.</summary>
    public static readonly ulong[] OfBits = Enumerable.Range(0, 256).Select(b =>
    {
        ulong spread = 0;
        for (int k = 0; k < 8; k++) spread |= (ulong)((b >> k) & 1) << (8 * k);
        return spread;
    }).ToArray();
}
