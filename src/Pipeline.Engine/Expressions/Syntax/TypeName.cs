namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>A type as written in a cast: a lower-case name (<c>bigint</c>, <c>decimal</c>, <c>timestamp</c>, ...) with
/// the optional <c>(precision, scale)</c> of decimals.</summary>
public sealed record TypeName(string Name, int? Precision, int? Scale, int Position);
