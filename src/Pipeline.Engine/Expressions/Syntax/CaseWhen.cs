namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>One <c>when ... then ...</c> branch of a <see cref="CaseExpr"/>.</summary>
public sealed record CaseWhen(Expr When, Expr Then);
