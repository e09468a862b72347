namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>
/// Recursive-descent parser. Precedence, loosest first (as in PostgreSQL and DuckDB): <c>or</c>, <c>and</c>,
/// <c>not</c>, comparisons / <c>is [not] null</c> / <c>[not] in (...)</c> / <c>[not] between</c> / <c>[not] like</c>,
/// <c>||</c>, <c>+ -</c>, <c>* / // %</c>, unary minus, <c>::type</c>, then literals, columns, calls, <c>case</c>,
/// <c>cast</c>, <c>extract</c> and parentheses.
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
            => new($"the expression nests deeper than {MaxDepth} levels (parentheses, calls, operators); split it into several expressions", position);

        /// <summary>A node built from a chain, refused when the chain made the tree too deep.</summary>
        private static Expr Bounded(Expr node) => node.Depth > MaxDepth ? throw TooDeep(node.Position) : node;
        public Token Peek => tokens[_i];
        private Token PeekAt(int ahead) => tokens[Math.Min(_i + ahead, tokens.Count - 1)];
        private Token Next() => tokens[_i++];
        private bool IsKeyword(string k) => Peek.Kind == TokenKind.Keyword && Peek.Text == k;
        private bool IsOp(params string[] ops) => Peek.Kind == TokenKind.Operator && ops.Contains(Peek.Text);

        /// <summary>A grammar word that the lexer leaves as an identifier (see <see cref="Lexer"/>): bare, any case.</summary>
        private static bool IsWord(Token t, string word)
            => t is { Kind: TokenKind.Identifier, Quoted: false } && t.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

        private bool IsWord(string word) => IsWord(Peek, word);

        private void ExpectWord(string word, string context)
        {
            if (!IsWord(word)) throw new ExpressionException($"expected '{word}' {context}, found '{Peek.Text}'", Peek.Position);
            Next();
        }

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
            var left = Concat();
            if (IsOp("=", "!=", "<", "<=", ">", ">="))
            {
                var t = Next();
                return Bounded(new BinaryExpr(t.Text, left, Concat(), t.Position));
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
            bool not = IsKeyword("not");
            var word = not ? PeekAt(1) : Peek;
            if (word.Kind == TokenKind.Keyword && word.Text == "in")
            {
                var t = Next();
                if (not) Next();
                return Bounded(new InExpr(left, List(), not, t.Position));
            }
            if (IsWord(word, "between"))
            {
                var t = Next();
                if (not) Next();
                var low = Concat();
                if (!IsKeyword("and")) throw new ExpressionException($"expected 'and' in 'between', found '{Peek.Text}'", Peek.Position);
                Next();
                return Bounded(new BetweenExpr(left, low, Concat(), not, t.Position));
            }
            if (IsWord(word, "like") || IsWord(word, "ilike"))
            {
                var t = Next();
                if (not) Next();
                return Bounded(new LikeExpr(left, Concat(), not, IsWord(word, "ilike"), t.Position));
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

        private Expr Concat()
        {
            var left = Additive();
            while (IsOp("||")) { var t = Next(); left = Bounded(new BinaryExpr("||", left, Additive(), t.Position)); }
            return left;
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
            while (IsOp("*", "/", "//", "%")) { var t = Next(); left = Bounded(new BinaryExpr(t.Text, left, Unary(), t.Position)); }
            return left;
        }

        private Expr Unary()
        {
            if (IsOp("-"))
            {
                var t = Next();
                var operand = Nested(Unary, t.Position);
                // Fold negative constants so '-1' is a literal (allowed in 'in' lists).
                return operand is LiteralExpr { Value: double d } lit
                    ? new LiteralExpr(-d, t.Position) { NumberText = "-" + lit.NumberText }
                    : Bounded(new UnaryExpr("-", operand, t.Position));
            }
            return Postfix();
        }

        /// <summary>A primary followed by any number of <c>::type</c> casts.</summary>
        private Expr Postfix()
        {
            var e = Primary();
            while (IsOp("::")) { var t = Next(); e = Bounded(new CastExpr(e, Type(), t.Position)); }
            return e;
        }

        private Expr Primary()
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokenKind.Number: return new LiteralExpr(t.Number, t.Position) { NumberText = t.Text };
                case TokenKind.String: return new LiteralExpr(t.Text, t.Position);
                case TokenKind.Keyword when t.Text is "true" or "false": return new LiteralExpr(t.Text == "true", t.Position);
                case TokenKind.Keyword when t.Text == "null": return new LiteralExpr(null, t.Position);
                case TokenKind.Identifier when IsWord(t, "case") && Peek.Kind != TokenKind.LeftParen:
                    return Nested(() => Case(t), t.Position);
                case TokenKind.Identifier when IsWord(t, "cast") && Peek.Kind == TokenKind.LeftParen:
                    return Nested(() => Cast(t), t.Position);
                case TokenKind.Identifier when IsWord(t, "extract") && Peek.Kind == TokenKind.LeftParen:
                    return Nested(() => Extract(t), t.Position);
                case TokenKind.Identifier when Peek.Kind == TokenKind.LeftParen && !t.Quoted:
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

        private Expr Case(Token start)
        {
            Expr? operand = IsWord("when") ? null : Or();
            var whens = new List<CaseWhen>();
            while (IsWord("when"))
            {
                Next();
                var when = Or();
                ExpectWord("then", "after the 'when' condition");
                whens.Add(new CaseWhen(when, Or()));
            }
            if (whens.Count == 0) throw new ExpressionException($"expected 'when' in 'case', found '{Peek.Text}'", Peek.Position);
            Expr? otherwise = null;
            if (IsWord("else")) { Next(); otherwise = Or(); }
            ExpectWord("end", "to close 'case'");
            return Bounded(new CaseExpr(operand, whens, otherwise, start.Position));
        }

        private Expr Cast(Token start)
        {
            Next();
            var operand = Or();
            ExpectWord("as", "in 'cast'");
            var type = Type();
            Expect(TokenKind.RightParen, "')' to close 'cast'");
            return Bounded(new CastExpr(operand, type, start.Position));
        }

        /// <summary><c>extract(part from x)</c>, read as <c>date_part('part', x)</c>.</summary>
        private Expr Extract(Token start)
        {
            Next();
            var part = Next();
            if (part.Kind is not (TokenKind.Identifier or TokenKind.String))
                throw new ExpressionException($"expected a date part (year, month, ...) in 'extract', found '{part.Text}'", part.Position);
            ExpectWord("from", "in 'extract'");
            var operand = Or();
            Expect(TokenKind.RightParen, "')' to close 'extract'");
            return Bounded(new CallExpr("date_part", [new LiteralExpr(part.Text.ToLowerInvariant(), part.Position), operand], start.Position));
        }

        /// <summary>A type name: one or two words (<c>double precision</c>) and an optional <c>(p[, s])</c>.</summary>
        private TypeName Type()
        {
            var t = Next();
            if (t.Kind != TokenKind.Identifier) throw new ExpressionException($"expected a type name, found '{t.Text}'", t.Position);
            var name = t.Text.ToLowerInvariant();
            if (name == "double" && IsWord("precision")) Next();
            int? precision = null, scale = null;
            if (Peek.Kind == TokenKind.LeftParen)
            {
                Next();
                precision = Integer();
                if (Peek.Kind == TokenKind.Comma) { Next(); scale = Integer(); }
                Expect(TokenKind.RightParen, "')' after the type's size");
            }
            return new TypeName(name, precision, scale, t.Position);
        }

        private int Integer()
        {
            var t = Next();
            if (t.Kind != TokenKind.Number || t.Number != Math.Floor(t.Number) || t.Number is < 0 or > 1000)
                throw new ExpressionException($"expected a whole number, found '{t.Text}'", t.Position);
            return (int)t.Number;
        }

        private void Expect(TokenKind kind, string what)
        {
            if (Peek.Kind != kind) throw new ExpressionException($"expected {what}, found '{Peek.Text}'", Peek.Position);
            Next();
        }
    }
}
