namespace Pipeline.Engine.Validate.Expressions;

/// <summary>The built-in functions: <c>lower upper trim</c> (text → text), <c>length</c> (text → number),
/// <c>year month day</c> (date/timestamp → number, UTC), <c>abs</c> (number → number).</summary>
internal sealed class BoundCall(string function, BoundExpr argument) : BoundExpr(ResultKind(function))
{
    public static readonly string[] Names = ["lower", "upper", "trim", "length", "year", "month", "day", "abs"];

    public static ValueKind ArgumentKind(string function) => function switch
    {
        "lower" or "upper" or "trim" or "length" => ValueKind.String,
        "year" or "month" or "day" => ValueKind.Time,
        _ => ValueKind.Number,
    };

    private static ValueKind ResultKind(string function) => function is "lower" or "upper" or "trim" ? ValueKind.String : ValueKind.Number;

    public override Vec Evaluate(BatchColumns columns)
    {
        var v = argument.Evaluate(columns);
        int n = v.Length;
        switch (function)
        {
            case "lower" or "upper" or "trim":
            {
                var s = v.Strings!;
                var r = new string?[n];
                for (int i = 0; i < n; i++)
                    r[i] = s[i] is null ? null : function switch { "lower" => s[i]!.ToLowerInvariant(), "upper" => s[i]!.ToUpperInvariant(), _ => s[i]!.Trim() };
                return new Vec { Kind = ValueKind.String, Length = n, Strings = r, Nulls = v.Nulls };
            }
            case "length":
            {
                var s = v.Strings!;
                var r = new double[n];
                for (int i = 0; i < n; i++) r[i] = s[i] is { } text ? TextLength.Of(text) : 0;
                return new Vec { Kind = ValueKind.Number, Length = n, Numbers = r, Nulls = v.Nulls };
            }
            case "abs":
            {
                var r = new double[n];
                for (int i = 0; i < n; i++) r[i] = Math.Abs(v.Numbers![i]);
                return new Vec { Kind = ValueKind.Number, Length = n, Numbers = r, Nulls = v.Nulls };
            }
            default:
            {
                var t = v.Times!;
                var r = new double[n];
                for (int i = 0; i < n; i++)
                {
                    if (v.IsNull(i)) continue;
                    var d = DateTime.UnixEpoch.AddTicks(t[i] * 10);
                    r[i] = function switch { "year" => d.Year, "month" => d.Month, _ => d.Day };
                }
                return new Vec { Kind = ValueKind.Number, Length = n, Numbers = r, Nulls = v.Nulls };
            }
        }
    }
}
