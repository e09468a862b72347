using Apache.Arrow;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary>
/// A row rule's check run straight on an Arrow array's buffers (numbers on their value buffer, text on its UTF-8
/// bytes), skipping the value-by-value reading of <see cref="Values.ArrowValues"/>: for text that reading allocates a .NET
/// string per row and costs more than most checks themselves. Null rows never fail here (only <c>not_null</c> fails
/// nulls). Implementations are immutable and thread-safe.
/// </summary>
internal interface IArrayCheck
{
    /// <summary>
    /// Writes one entry per row into <paramref name="fails"/> (true: the row fails) and returns the number of failing
    /// rows, or -1 when this array's type has no direct path (the caller then tests value by value through <see cref="Values.ArrowValues"/>).
    /// </summary>
    int Evaluate(IArrowArray array, Span<bool> fails);
}
