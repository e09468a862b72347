namespace Pipeline.Core.Operators.Join;

/// <summary>
/// One build row in a <see cref="JoinHashTable"/>: its key (or, for byte keys, the key's hash with the key's place
/// in the table's key bytes) and where the row lies, side by side in 24 bytes so that a probe reads one cache line
/// per candidate instead of one per array.
/// </summary>
internal struct JoinEntry
{
    /// <summary>The number key, or the hash of a byte key.</summary>
    public long Key;

    /// <summary>Index of the held batch; the top bit is set once the row matched a probe row.</summary>
    public int Batch;

    /// <summary>Row within the batch.</summary>
    public int Row;

    /// <summary>Byte keys: where the key starts in the table's key bytes.</summary>
    public int KeyStart;

    /// <summary>Byte keys: the key's length.</summary>
    public int KeyLength;

    public const int MatchedFlag = int.MinValue;
}
