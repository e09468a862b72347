namespace Pipeline.Engine.Validate.Expressions;

/// <summary>The value kinds rules compute with. Integers, floats and decimals are numbers (doubles); dates and
/// timestamps are times (microseconds since the Unix epoch, UTC).</summary>
public enum ValueKind
{
    /// <summary>A number (any integer, floating or decimal column).</summary>
    Number,
    /// <summary>Text.</summary>
    String,
    /// <summary>True or false.</summary>
    Bool,
    /// <summary>A date or timestamp.</summary>
    Time,
    /// <summary>The type of the <c>null</c> literal.</summary>
    Null,
}

/// <summary>
/// One column's worth of values, converted out of Arrow, for cleaning and for the rule binder
/// (<see cref="ExpressionBinder"/>: <c>column_equals</c>' right side) and the uniqueness rules' text and composite
/// keys; every other rule reads Arrow arrays directly (<see cref="Evaluation.Values.ArrowValues"/>). Exactly one
/// value array is set, matching <see cref="Kind"/>, and <see cref="Nulls"/> marks null rows (null when there are none).
/// </summary>
internal sealed class Vec
{
    public required ValueKind Kind { get; init; }
    public required int Length { get; init; }
    public double[]? Numbers { get; init; }
    public string?[]? Strings { get; init; }
    public bool[]? Bools { get; init; }
    public long[]? Times { get; init; }
    public bool[]? Nulls { get; init; }

    public bool IsNull(int i) => Nulls is { } n && n[i];

    /// <summary>A vector of one repeated constant (null stays null).</summary>
    public static Vec Constant(object? value, ValueKind kind, int length)
    {
        if (value is null)
            return new Vec
            {
                Kind = kind, Length = length, Nulls = Filled(length, true),
                Numbers = kind == ValueKind.Number ? new double[length] : null,
                Strings = kind == ValueKind.String ? new string?[length] : null,
                Times = kind == ValueKind.Time ? new long[length] : null,
                Bools = kind is ValueKind.Bool or ValueKind.Null ? new bool[length] : null,
            };
        return value switch
        {
            double d => new Vec { Kind = ValueKind.Number, Length = length, Numbers = Filled(length, d) },
            string s => new Vec { Kind = ValueKind.String, Length = length, Strings = Filled<string?>(length, s) },
            bool b => new Vec { Kind = ValueKind.Bool, Length = length, Bools = Filled(length, b) },
            long t => new Vec { Kind = ValueKind.Time, Length = length, Times = Filled(length, t) },
            _ => throw new InvalidOperationException($"unsupported constant {value.GetType().Name}"),
        };
    }

    private static T[] Filled<T>(int length, T value)
    {
        var a = new T[length];
        Array.Fill(a, value);
        return a;
    }

    /// <summary>The union of two null masks (null when neither has nulls).</summary>
    public static bool[]? OrNulls(bool[]? a, bool[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] | b[i];
        return r;
    }
}
