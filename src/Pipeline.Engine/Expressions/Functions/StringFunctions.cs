using System.Text.RegularExpressions;
using Pipeline.Engine.Expressions.Binding;
using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Expressions.Typing;
using Pipeline.Kernels.Text;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary>Text functions, with DuckDB's names and semantics (characters are code points; positions are 1-based).</summary>
internal static class StringFunctions
{
    public static void Register(Dictionary<string, FunctionCatalog.Entry> d)
    {
        d["lower"] = new(1, 1, a => Text1(a, static s => s.ToLowerInvariant()));
        d["upper"] = new(1, 1, a => Text1(a, static s => s.ToUpperInvariant()));
        d["length"] = new(1, 1, a => new CallNode(SqlType.Int64, [a.Text(0)], static (v, c) => VectorOps.Map<string, long>(v[0], SqlType.Int64, static s => Utf32Text.Length(s))));
        d["trim"] = new(1, 2, a => Trim(a, true, true));
        d["ltrim"] = new(1, 2, a => Trim(a, true, false));
        d["rtrim"] = new(1, 2, a => Trim(a, false, true));
        d["substr"] = d["substring"] = new(2, 3, Substring);
        d["replace"] = new(3, 3, a => new CallNode(SqlType.String, [a.Text(0), a.Text(1), a.Text(2)], static (v, c) =>
            Ternary(v, static (s, from, to) => from.Length == 0 ? s : s.Replace(from, to, StringComparison.Ordinal))));
        d["concat"] = new(1, int.MaxValue, a => Concat(a));
        d["starts_with"] = new(2, 2, a => new CallNode(SqlType.Boolean, [a.Text(0), a.Text(1)], static (v, c) =>
            VectorOps.Map<string, string, bool>(v[0], v[1], SqlType.Boolean, static (s, p) => s.StartsWith(p, StringComparison.Ordinal))));
        d["contains"] = new(2, 2, a => new CallNode(SqlType.Boolean, [a.Text(0), a.Text(1)], static (v, c) =>
            VectorOps.Map<string, string, bool>(v[0], v[1], SqlType.Boolean, static (s, p) => s.Contains(p, StringComparison.Ordinal))));
        d["split_part"] = new(3, 3, a => new CallNode(SqlType.String, [a.Text(0), a.Text(1), a.Long(2)], static (v, c) => SplitPart(v)));
        d["regexp_matches"] = new(2, 2, a =>
        {
            var regex = Regex(a, 1);
            return new CallNode(SqlType.Boolean, [a.Text(0)], (v, c) => Guarded(c, () => VectorOps.Map<string, bool>(v[0], SqlType.Boolean, s => regex.IsMatch(s))));
        });
        d["regexp_extract"] = new(2, 3, a =>
        {
            var regex = Regex(a, 1);
            int group = a.Count == 3 ? (int)(a.ConstantLong(2) ?? throw a.Error("the group must be an integer constant")) : 0;
            if (group < 0 || group > regex.GetGroupNumbers().Max()) throw a.Error($"the pattern has no group {group}");
            return new CallNode(SqlType.String, [a.Text(0)], (v, c) => Guarded(c, () => VectorOps.Map<string, string?>(v[0], SqlType.String, s =>
            {
                var m = regex.Match(s);
                return m.Success ? m.Groups[group].Value : "";
            })));
        });
    }

    private static Node Text1(CallArgs a, Func<string, string> f)
        => new CallNode(SqlType.String, [a.Text(0)], (v, c) => VectorOps.Map<string, string?>(v[0], SqlType.String, f));

    private static Vector Ternary(Vector[] v, Func<string, string, string, string> f)
    {
        var s = v[0].As<string>(); var x = v[1].As<string>(); var y = v[2].As<string>();
        var nulls = NullMasks.Or(v);
        var r = new string?[s.Length];
        for (int i = 0; i < r.Length; i++) if (nulls is null || !nulls[i]) r[i] = f(s[i], x[i], y[i]);
        return new Vector(SqlType.String, r, nulls);
    }

    private static Node Trim(CallArgs a, bool left, bool right)
    {
        Node[] args = a.Count == 2 ? [a.Text(0), a.Text(1)] : [a.Text(0)];
        return new CallNode(SqlType.String, args, (v, c) => v.Length == 1
            ? VectorOps.Map<string, string?>(v[0], SqlType.String, s => TrimBy(s, Utf32Text.IsSpace, left, right))
            : VectorOps.Map<string, string, string?>(v[0], v[1], SqlType.String, (s, chars) => TrimBy(s, ch => chars.Contains(ch), left, right)));
    }

    private static string TrimBy(string s, Func<char, bool> drop, bool left, bool right)
    {
        int a = 0, b = s.Length;
        if (left) while (a < b && drop(s[a])) a++;
        if (right) while (b > a && drop(s[b - 1])) b--;
        return s[a..b];
    }

    private static Node Substring(CallArgs a)
    {
        Node[] args = a.Count == 3 ? [a.Text(0), a.Long(1), a.Long(2)] : [a.Text(0), a.Long(1)];
        return new CallNode(SqlType.String, args, static (v, c) =>
        {
            var s = v[0].As<string>(); var start = v[1].As<long>(); var len = v.Length == 3 ? v[2].As<long>() : null;
            var nulls = NullMasks.Or(v);
            var r = new string?[s.Length];
            for (int i = 0; i < r.Length; i++)
                if (nulls is null || !nulls[i]) r[i] = Utf32Text.Substring(s[i], start[i], len is null ? uint.MaxValue : len[i]);
            return new Vector(SqlType.String, r, nulls);
        });
    }

    /// <summary>DuckDB's <c>split_part</c>: 1-based, negative counts from the end, out of range is empty text.</summary>
    private static Vector SplitPart(Vector[] v)
    {
        var s = v[0].As<string>(); var sep = v[1].As<string>(); var idx = v[2].As<long>();
        var nulls = NullMasks.Or(v);
        var r = new string?[s.Length];
        for (int i = 0; i < r.Length; i++)
        {
            if (nulls is not null && nulls[i]) continue;
            string[] parts = sep[i].Length == 0
                ? [.. s[i].EnumerateRunes().Select(x => x.ToString())]
                : s[i].Split(sep[i], StringSplitOptions.None);
            long k = idx[i];
            long at = k > 0 ? k - 1 : k < 0 ? parts.Length + k : -1;
            r[i] = at >= 0 && at < parts.Length ? parts[at] : "";
        }
        return new Vector(SqlType.String, r, nulls);
    }

    /// <summary><c>concat</c>: every argument as text, nulls skipped (never null itself).</summary>
    private static Node Concat(CallArgs a)
    {
        var args = Enumerable.Range(0, a.Count).Select(i => a.Binder.ToText(a[i], a.Call.Arguments[i])).ToList();
        return new CallNode(SqlType.String, args, static (v, c) =>
        {
            var r = new string?[c.Length];
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < r.Length; i++)
            {
                sb.Clear();
                foreach (var x in v) if (!x.IsNull(i)) sb.Append(x.As<string>()[i]);
                r[i] = sb.ToString();
            }
            return new Vector(SqlType.String, r, null);
        });
    }

    /// <summary>The <c>||</c> operator: null when either side is null (unlike <c>concat</c>).</summary>
    public static Node ConcatOperator(Node[] args)
        => new CallNode(SqlType.String, args, static (v, c) => VectorOps.Map<string, string, string?>(v[0], v[1], SqlType.String, static (x, y) => x + y));

    /// <summary><c>x [not] [i]like 'pattern'</c>: <c>%</c> any run, <c>_</c> one character, matched through the guarded
    /// regex engine so no pattern can hang a run. The pattern must be a constant.</summary>
    public static Node Like(Binder b, Node operand, Node pattern, LikeExpr e)
    {
        operand = b.Coerce(operand, SqlType.String, e.Operand, "'like'");
        if (pattern is not ConstantNode { Value: string p }) throw new ExpressionException("the pattern of 'like' must be a text constant", e.Pattern.Position);
        var sb = new System.Text.StringBuilder(@"\A");
        foreach (var ch in p) sb.Append(ch switch { '%' => ".*", '_' => ".", _ => System.Text.RegularExpressions.Regex.Escape(ch.ToString()) });
        sb.Append(@"\z");
        var regex = GuardedRegex.Create(sb.ToString(), RegexOptions.Singleline | (e.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        bool negated = e.Negated;
        return new CallNode(SqlType.Boolean, [operand], (v, c) => VectorOps.Map<string, bool>(v[0], SqlType.Boolean, s => regex.IsMatch(s) != negated));
    }

    private static Regex Regex(CallArgs a, int i)
    {
        var pattern = a.ConstantText(i, "the pattern");
        try { return GuardedRegex.Create(pattern); }
        catch (ArgumentException ex) { throw new ExpressionException($"{a.Call.Function}(): invalid pattern '{pattern}': {ex.Message}", a.Call.Arguments[i].Position); }
    }

    /// <summary>Runs a regex loop, turning a backtracking timeout into an error naming the expression.</summary>
    private static Vector Guarded(EvalContext c, Func<Vector> run)
    {
        try { return run(); }
        catch (RegexMatchTimeoutException) { throw c.Error($"a regular expression took longer than {GuardedRegex.MatchTimeout.TotalSeconds:0} s on one value"); }
    }
}
