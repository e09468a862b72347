namespace Pipeline.Core.Operators.Join;

/// <summary>One side's reading of one key column.</summary>
/// <param name="Column">Index of the column in its side's schema.</param>
/// <param name="Name">Column name (for errors).</param>
/// <param name="Read">How values become comparable.</param>
/// <param name="Scale">Multiplier for <see cref="KeyRead.Signed"/> values, bringing both sides to the finer unit (date32 days against date64 milliseconds, timestamp units).</param>
internal sealed record KeyColumn(int Column, string Name, KeyRead Read, long Scale = 1)
{
    /// <summary>True when the value is one 8-byte number (everything but <see cref="KeyRead.Bytes"/>).</summary>
    public bool IsNumber => Read != KeyRead.Bytes;
}
