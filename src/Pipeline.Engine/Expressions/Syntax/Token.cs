namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>Token kinds of the expression language.</summary>
internal enum TokenKind { Number, String, Identifier, Keyword, Operator, LeftParen, RightParen, Comma, End }

/// <summary>One token; <see cref="Position"/> is 1-based so messages match what an editor shows. <see cref="Quoted"/>
/// marks a <c>"quoted"</c> name, which is never read as a word of the grammar (<c>"end"</c> is a column).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0, bool Quoted = false);
