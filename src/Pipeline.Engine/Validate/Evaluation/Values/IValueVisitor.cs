namespace Pipeline.Engine.Validate.Evaluation.Values;

/// <summary>
/// Receives a column's values as rules compute with them, one call per row (see <see cref="ArrowValues"/>):
/// integers, floats and decimals as doubles, dates and timestamps as microseconds since the Unix epoch (UTC), text as
/// strings. A struct (or ref struct) implementation gets its own compiled loop per array type, with no delegate or
/// virtual call per row.
/// </summary>
internal interface IValueVisitor
{
    /// <summary>Whether text values are wanted: when false, text rows only report their nulls and no string is built.</summary>
    bool ReadsText { get; }

    /// <summary>Row <paramref name="row"/> is null.</summary>
    void Null(int row);

    /// <summary>Row <paramref name="row"/> holds a number.</summary>
    void Number(int row, double value);

    /// <summary>Row <paramref name="row"/> holds text (only called when <see cref="ReadsText"/>).</summary>
    void Text(int row, string value);

    /// <summary>Row <paramref name="row"/> holds a date or timestamp, in microseconds since the Unix epoch.</summary>
    void Time(int row, long micros);

    /// <summary>Row <paramref name="row"/> holds true or false.</summary>
    void Bool(int row, bool value);
}
