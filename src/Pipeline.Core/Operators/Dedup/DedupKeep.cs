namespace Pipeline.Core.Operators.Dedup;

/// <summary>Which row of a group of equal keys a dedup keeps.</summary>
public enum DedupKeep
{
    /// <summary>The earliest row (by input position).</summary>
    First,

    /// <summary>The latest row (by input position).</summary>
    Last,
}
