using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>
/// One batch's worth of values of one type: <see cref="Values"/> is a <c>bool[]</c> (boolean), <c>long[]</c> (integer;
/// date as days and timestamp as microseconds since the Unix epoch), <c>double[]</c>, <c>decimal[]</c> or
/// <c>string?[]</c>; <see cref="Nulls"/> marks null rows (null when there are none). Values under a null are
/// unspecified. Vectors are never changed after they are built, so nodes may share them.
/// </summary>
internal sealed class Vector(SqlType type, Array values, bool[]? nulls)
{
    public SqlType Type { get; } = type;
    public Array Values { get; } = values;
    public bool[]? Nulls { get; } = nulls;
    public int Length => Values.Length;

    public T[] As<T>() => (T[])Values;
    public bool IsNull(int i) => Nulls is not null && Nulls[i];

    /// <summary>A vector of <paramref name="length"/> nulls.</summary>
    public static Vector AllNull(SqlType type, int length)
    {
        var nulls = new bool[length];
        Array.Fill(nulls, true);
        return new Vector(type, NewValues(type, length), nulls);
    }

    /// <summary>An empty value array of the storage <paramref name="type"/> uses.</summary>
    public static Array NewValues(SqlType type, int length) => type.Kind switch
    {
        SqlKind.Boolean or SqlKind.Null => new bool[length],
        SqlKind.Double => new double[length],
        SqlKind.Decimal => new decimal[length],
        SqlKind.String => new string?[length],
        _ => new long[length],
    };
}
