using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>
/// <c>+ - * / // %</c> over operands the binder converted to the operation's kind (<see cref="Operands"/>): integers
/// overflow with an error, <c>//</c> and <c>%</c> by zero give null, <c>/</c> always computes in doubles (by zero: ±infinity or NaN, as DuckDB).
/// </summary>
internal sealed class ArithmeticNode(string op, Node left, Node right, SqlKind operands, SqlType type) : Node(type, left, right)
{
    public SqlKind Operands { get; } = operands;
    public string Op { get; } = op;
    public Node Left { get; } = left;
    public Node Right { get; } = right;

    public override Vector Evaluate(EvalContext context)
    {
        var a = Left.Evaluate(context);
        var b = Right.Evaluate(context);
        try
        {
            return Operands switch
            {
                SqlKind.Int64 => Longs(a, b),
                SqlKind.Double => Doubles(a, b),
                _ => Decimals(a, b),
            };
        }
        catch (OverflowException)
        {
            throw context.Error(Operands == SqlKind.Int64 ? "integer overflow" : "decimal overflow");
        }
    }

    private Vector Longs(Vector a, Vector b) => Op switch
    {
        "+" => VectorOps.Map<long, long, long>(a, b, Type, static (x, y) => checked(x + y)),
        "-" => VectorOps.Map<long, long, long>(a, b, Type, static (x, y) => checked(x - y)),
        "*" => VectorOps.Map<long, long, long>(a, b, Type, static (x, y) => checked(x * y)),
        "//" => VectorOps.MapOrNull<long, long, long>(a, b, Type, static (long x, long y, out long r) =>
        {
            r = y == 0 ? 0 : y == -1 ? checked(-x) : x / y;
            return y != 0;
        }),
        _ => VectorOps.MapOrNull<long, long, long>(a, b, Type, static (long x, long y, out long r) =>
        {
            r = y is 0 or -1 ? 0 : x % y;
            return y != 0;
        }),
    };

    private Vector Doubles(Vector a, Vector b) => Op switch
    {
        "+" => VectorOps.Map<double, double, double>(a, b, Type, static (x, y) => x + y),
        "-" => VectorOps.Map<double, double, double>(a, b, Type, static (x, y) => x - y),
        "*" => VectorOps.Map<double, double, double>(a, b, Type, static (x, y) => x * y),
        // DuckDB divides doubles as IEEE 754 does (x / 0 is ±infinity, 0 / 0 NaN); only integer // and % give null.
        "/" => VectorOps.Map<double, double, double>(a, b, Type, static (x, y) => x / y),
        "//" => VectorOps.MapOrNull<double, double, double>(a, b, Type, static (double x, double y, out double r) => { r = Math.Floor(x / y); return y != 0; }),
        _ => VectorOps.MapOrNull<double, double, double>(a, b, Type, static (double x, double y, out double r) => { r = x % y; return y != 0; }),
    };

    private Vector Decimals(Vector a, Vector b)
    {
        int scale = Type.Scale;
        return Op switch
        {
            "+" => VectorOps.Map<decimal, decimal, decimal>(a, b, Type, (x, y) => Math.Round(x + y, scale, MidpointRounding.AwayFromZero)),
            "-" => VectorOps.Map<decimal, decimal, decimal>(a, b, Type, (x, y) => Math.Round(x - y, scale, MidpointRounding.AwayFromZero)),
            "*" => VectorOps.Map<decimal, decimal, decimal>(a, b, Type, (x, y) => Math.Round(x * y, scale, MidpointRounding.AwayFromZero)),
            "//" => VectorOps.MapOrNull<decimal, decimal, decimal>(a, b, Type, (decimal x, decimal y, out decimal r) => { r = y == 0 ? 0 : Math.Truncate(x / y); return y != 0; }),
            _ => VectorOps.MapOrNull<decimal, decimal, decimal>(a, b, Type, (decimal x, decimal y, out decimal r) => { r = y == 0 ? 0 : x % y; return y != 0; }),
        };
    }
}

/// <summary>Unary minus; negating the smallest BIGINT overflows with an error.</summary>
internal sealed class NegateNode(Node operand) : Node(operand.Type, operand)
{
    public Node Operand { get; } = operand;

    public override Vector Evaluate(EvalContext context)
    {
        var v = Operand.Evaluate(context);
        try
        {
            return Type.Kind switch
            {
                SqlKind.Int64 => VectorOps.Map<long, long>(v, Type, static x => checked(-x)),
                SqlKind.Double => VectorOps.Map<double, double>(v, Type, static x => -x),
                _ => VectorOps.Map<decimal, decimal>(v, Type, static x => -x),
            };
        }
        catch (OverflowException)
        {
            throw context.Error("integer overflow");
        }
    }
}
