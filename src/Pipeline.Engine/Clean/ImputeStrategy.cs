namespace Pipeline.Engine.Clean;

/// <summary>Imputation strategies.</summary>
public enum ImputeStrategy
{
    /// <summary>A given value.</summary>
    Constant,
    /// <summary>The column's mean (numbers).</summary>
    Mean,
    /// <summary>The column's median (numbers).</summary>
    Median,
    /// <summary>The most frequent value (ties: the smallest).</summary>
    Mode,
    /// <summary>The previous non-null value in input order.</summary>
    ForwardFill,
    /// <summary>The next non-null value in input order.</summary>
    BackwardFill,
}
