namespace Pipeline.Engine.Expressions.Typing;

/// <summary>The value kinds expressions compute with. Every integer width is <see cref="Int64"/> and every float
/// width <see cref="Double"/>, so one loop per operator and kind suffices.</summary>
internal enum SqlKind { Null, Boolean, Int64, Double, Decimal, String, Date, Timestamp }
