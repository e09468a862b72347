namespace Pipeline.Engine.Validate.Expressions;

/// <summary>Token kinds of the rule expression language.</summary>
internal enum TokenKind { Number, String, Identifier, Keyword, Operator, LeftParen, RightParen, Comma, End }

/// <summary>One token; <see cref="Position"/> is 1-based so messages match what an editor shows.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0);
