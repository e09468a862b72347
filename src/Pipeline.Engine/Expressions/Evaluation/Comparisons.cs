using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Orderings of values as DuckDB sorts them: NaN above every double, text by code point (UTF-8 byte order).</summary>
internal static class Comparisons
{
    public static int Double(double a, double b)
    {
        if (double.IsNaN(a)) return double.IsNaN(b) ? 0 : 1;
        if (double.IsNaN(b)) return -1;
        return a.CompareTo(b);
    }

    /// <summary>Code point order: UTF-16 order except that surrogates (code points past U+FFFF) sort after U+E000-U+FFFF.</summary>
    public static int Text(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            return Key(x) - Key(y);
        }
        return a.Length - b.Length;

        static int Key(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }

    /// <summary>Row-wise comparison of two vectors of one type (null where either side is null).</summary>
    public static Vector Compare(string op, Vector a, Vector b) => a.Values switch
    {
        long[] => Run<long>(op, a, b, static (x, y) => x.CompareTo(y)),
        double[] => Run<double>(op, a, b, Double),
        decimal[] => Run<decimal>(op, a, b, static (x, y) => x.CompareTo(y)),
        bool[] => Run<bool>(op, a, b, static (x, y) => x.CompareTo(y)),
        _ => Run<string>(op, a, b, Text),
    };

    private static Vector Run<T>(string op, Vector a, Vector b, Func<T, T, int> compare)
    {
        var x = a.As<T>();
        var y = b.As<T>();
        var nulls = NullMasks.Or(a.Nulls, b.Nulls);
        var r = new bool[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            if (nulls is not null && nulls[i]) continue;
            int c = compare(x[i], y[i]);
            r[i] = op switch { "=" => c == 0, "!=" => c != 0, "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
        }
        return new Vector(SqlType.Boolean, r, nulls);
    }
}

/// <summary><c>= != &lt; &lt;= &gt; &gt;=</c> over operands already converted to one type.</summary>
internal sealed class ComparisonNode(string op, Node left, Node right) : Node(SqlType.Boolean, left, right)
{
    public string Op { get; } = op;
    public Node Left { get; } = left;
    public Node Right { get; } = right;

    public override Vector Evaluate(EvalContext context) => Comparisons.Compare(Op, Left.Evaluate(context), Right.Evaluate(context));
}
