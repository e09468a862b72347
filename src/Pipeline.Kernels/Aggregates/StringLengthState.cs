namespace Pipeline.Kernels.Aggregates;

/// <summary>Mergeable string length statistics; lengths are in Unicode scalar values (code points), so "é" and
/// "😀" each count 1, matching Python's <c>len(str)</c> rather than UTF-16 or UTF-8 units.</summary>
/// <remarks><see cref="MinLength"/> and <see cref="MaxLength"/> are meaningful only when <see cref="Count"/> is
/// above 0 (a <c>default</c> state is empty and merges correctly).</remarks>
public struct StringLengthState
{
    /// <summary>Non-null strings seen.</summary>
    public long Count;
    /// <summary>Strings of length 0.</summary>
    public long Empty;
    /// <summary>Non-empty strings made only of white space (per <see cref="System.Text.Rune.IsWhiteSpace"/>).</summary>
    public long WhitespaceOnly;
    /// <summary>Shortest length.</summary>
    public long MinLength;
    /// <summary>Longest length.</summary>
    public long MaxLength;
    /// <summary>Sum of the lengths (a double so that it never overflows; exact below 2^53).</summary>
    public double SumLength;

    /// <summary>Folds one string's length.</summary>
    public void Add(long length, bool whitespaceOnly)
    {
        if (Count == 0) { MinLength = length; MaxLength = length; }
        else { if (length < MinLength) MinLength = length; if (length > MaxLength) MaxLength = length; }
        Count++;
        SumLength += length;
        if (length == 0) Empty++;
        else if (whitespaceOnly) WhitespaceOnly++;
    }

    /// <summary>Combines another state into this one.</summary>
    public void Merge(in StringLengthState o)
    {
        if (o.Count == 0) return;
        if (Count == 0) { this = o; return; }
        Count += o.Count;
        Empty += o.Empty;
        WhitespaceOnly += o.WhitespaceOnly;
        MinLength = Math.Min(MinLength, o.MinLength);
        MaxLength = Math.Max(MaxLength, o.MaxLength);
        SumLength += o.SumLength;
    }

    /// <summary>Mean length; NaN when no strings were seen.</summary>
    public readonly double MeanLength => Count == 0 ? double.NaN : SumLength / Count;
}
