namespace Pipeline.Engine.Validate.Expressions;

/// <summary>
/// Recursive-descent parser. Precedence, loosest first: <c>or</c>, <c>and</c>, <c>not</c>, comparisons /
/// <c>is [not] null</c> / <c>[not] in (...)</c>, <c>+ -</c>, <c>* /</c>, unary minus, then literals, columns, calls
/// and parentheses.
/// </summary>
public static class ExpressionParser
{
    /// <summary>Deepest expression accepted: nesting (parentheses, calls, unary operators) and chains of binary
    /// operators both count. Far beyond what a rule needs, far below what the recursive binder and evaluator can
    /// take on a worker thread's stack (10,000 parentheses or a 30,000-term sum is refused with a clear error).</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses expression text into an AST.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression (the message names the position).</exception>
    public static Expr Parse(string text)
    {
        var p = new State(Lexer.Tokenize(text));
        var e = p.Or();
        if (p.Peek.Kind != TokenKind.End) throw new ExpressionException($"unexpected '{p.Peek.Text}'", p.Peek.Position);
        return e;
    }

    private sealed class State(List<Token> tokens)
    {
        private int _i;
        private int _nesting;

        /// <summary>Runs a recursive step one nesting level down, refusing to go past <see cref="MaxDepth"/> (the
        /// parser recurses there, so it must stop before the stack does).</summary>
        private Expr Nested(Func<Expr> parse, int position)
        {
            if (++_nesting > MaxDepth) throw TooDeep(position);
            try { return parse(); }
            finally { _nesting--; }
        }

        private static ExpressionException TooDeep(int position)
            => new($"the expression nests deeper than {MaxDepth} levels (parentheses, calls, operators); split it into several rules", position);

        /// <summary>A node built from a chain, refused when the chain made the tree too deep.</summary>
        private static Expr Bounded(Expr node) => node.Depth > MaxDepth ? throw TooDeep(node.Position) : node;
        public Token Peek => tokens[_i];
        private Token Next() => tokens[_i++];
        private bool IsKeyword(string k) => Peek.Kind == TokenKind.Keyword && Peek.Text == k;
        private bool IsOp(params string[] ops) => Peek.Kind == TokenKind.Operator && ops.Contains(Peek.Text);

        public Expr Or()
        {
            var left = And();
            while (IsKeyword("or")) { var t = Next(); left = Bounded(new BinaryExpr("or", left, And(), t.Position)); }
            return left;
        }

        private Expr And()
        {
            var left = Not();
            while (IsKeyword("and")) { var t = Next(); left = Bounded(new BinaryExpr("and", left, Not(), t.Position)); }
            return left;
        }

        private Expr Not()
        {
            if (IsKeyword("not")) { var t = Next(); return Bounded(new UnaryExpr("not", Nested(Not, t.Position), t.Position)); }
            return Comparison();
        }

        private Expr Comparison()
        {
            var left = Additive();
            if (IsOp("=", "!=", "<", "<=", ">", ">="))
            {
                var t = Next();
                return Bounded(new BinaryExpr(t.Text, left, Additive(), t.Position));
            }
            if (IsKeyword("is"))
            {
                var t = Next();
                bool negated = false;
                if (IsKeyword("not")) { Next(); negated = true; }
                if (!IsKeyword("null")) throw new ExpressionException($"expected 'null' after 'is', found '{Peek.Text}'", Peek.Position);
                Next();
                return Bounded(new IsNullExpr(left, negated, t.Position));
            }
            if (IsKeyword("in") || (IsKeyword("not") && tokens[_i + 1] is { Kind: TokenKind.Keyword, Text: "in" }))
            {
                var t = Next();
                bool negated = t.Text == "not";
                if (negated) Next();
                return Bounded(new InExpr(left, List(), negated, t.Position));
            }
            return left;
        }

        private List<LiteralExpr> List()
        {
            Expect(TokenKind.LeftParen, "'(' after 'in'");
            var items = new List<LiteralExpr>();
            while (true)
            {
                var item = Unary();
                items.Add(item as LiteralExpr ?? throw new ExpressionException("the items of 'in (...)' must be constants", item.Position));
                if (Peek.Kind == TokenKind.Comma) { Next(); continue; }
                Expect(TokenKind.RightParen, "',' or ')' in the 'in' list");
                return items;
            }
        }

        private Expr Additive()
        {
            var left = Multiplicative();
            while (IsOp("+", "-")) { var t = Next(); left = Bounded(new BinaryExpr(t.Text, left, Multiplicative(), t.Position)); }
            return left;
        }

        private Expr Multiplicative()
        {
            var left = Unary();
            while (IsOp("*", "/")) { var t = Next(); left = Bounded(new BinaryExpr(t.Text, left, Unary(), t.Position)); }
            return left;
        }

        private Expr Unary()
        {
            if (IsOp("-"))
            {
                var t = Next();
                var operand = Nested(Unary, t.Position);
                // Fold negative constants so '-1' is a literal (allowed in 'in' lists).
                return operand is LiteralExpr { Value: double d } ? new LiteralExpr(-d, t.Position) : Bounded(new UnaryExpr("-", operand, t.Position));
            }
            return Primary();
        }

        private Expr Primary()
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokenKind.Number: return new LiteralExpr(t.Number, t.Position);
                case TokenKind.String: return new LiteralExpr(t.Text, t.Position);
                case TokenKind.Keyword when t.Text is "true" or "false": return new LiteralExpr(t.Text == "true", t.Position);
                case TokenKind.Keyword when t.Text == "null": return new LiteralExpr(null, t.Position);
                case TokenKind.Identifier when Peek.Kind == TokenKind.LeftParen:
                {
                    Next();
                    var args = new List<Expr>();
                    if (Peek.Kind != TokenKind.RightParen)
                    {
                        args.Add(Nested(Or, t.Position));
                        while (Peek.Kind == TokenKind.Comma) { Next(); args.Add(Nested(Or, t.Position)); }
                    }
                    Expect(TokenKind.RightParen, "')' to close the call");
                    return Bounded(new CallExpr(t.Text.ToLowerInvariant(), args, t.Position));
                }
                case TokenKind.Identifier: return new ColumnExpr(t.Text, t.Position);
                case TokenKind.LeftParen:
                {
                    var inner = Nested(Or, t.Position);
                    Expect(TokenKind.RightParen, "')'");
                    return inner;
                }
                default:
                    throw new ExpressionException(t.Kind == TokenKind.End ? "the expression ends too early" : $"unexpected '{t.Text}'", t.Position);
            }
        }

        private void Expect(TokenKind kind, string what)
        {
            if (Peek.Kind != kind) throw new ExpressionException($"expected {what}, found '{Peek.Text}'", Peek.Position);
            Next();
        }
    }
}
