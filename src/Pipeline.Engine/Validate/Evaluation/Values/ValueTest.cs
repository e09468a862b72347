namespace Pipeline.Engine.Validate.Evaluation.Values;

/// <summary>A value rule's test of one non-null value, for the kind of value its column holds (the kind binds the
/// one its column needs; the others stay null).</summary>
internal sealed class ValueTest
{
    /// <summary>The test of a number.</summary>
    public Func<double, bool>? Numbers { get; init; }
    /// <summary>The test of a text.</summary>
    public Func<string, bool>? Texts { get; init; }
    /// <summary>The test of a date or timestamp (microseconds since the Unix epoch).</summary>
    public Func<long, bool>? Times { get; init; }
    /// <summary>The test of true or false.</summary>
    public Func<bool, bool>? Bools { get; init; }
}
