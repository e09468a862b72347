using System.Runtime.Intrinsics;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>
/// One comparison operator as a generic struct argument, so each (type, operator) loop is compiled on its own with
/// no delegate or operator switch per row. Doubles order as DuckDB's: NaN equals NaN and is above every number.
/// </summary>
internal interface ICompareOp
{
    static abstract bool Long(long a, long b);
    static abstract bool Double(double a, double b);
    static abstract Vector256<long> Long(Vector256<long> a, Vector256<long> b);
    static abstract Vector256<double> Double(Vector256<double> a, Vector256<double> b);
}

internal readonly struct EqOp : ICompareOp
{
    public static bool Long(long a, long b) => a == b;
    public static bool Double(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));
    public static Vector256<long> Long(Vector256<long> a, Vector256<long> b) => Vector256.Equals(a, b);
    public static Vector256<double> Double(Vector256<double> a, Vector256<double> b)
        => Vector256.Equals(a, b) | (~Vector256.Equals(a, a) & ~Vector256.Equals(b, b));
}

internal readonly struct NeOp : ICompareOp
{
    public static bool Long(long a, long b) => a != b;
    public static bool Double(double a, double b) => !EqOp.Double(a, b);
    public static Vector256<long> Long(Vector256<long> a, Vector256<long> b) => ~Vector256.Equals(a, b);
    public static Vector256<double> Double(Vector256<double> a, Vector256<double> b) => ~EqOp.Double(a, b);
}

internal readonly struct LtOp : ICompareOp
{
    public static bool Long(long a, long b) => a < b;
    public static bool Double(double a, double b) => a < b || (!double.IsNaN(a) && double.IsNaN(b));
    public static Vector256<long> Long(Vector256<long> a, Vector256<long> b) => Vector256.LessThan(a, b);
    public static Vector256<double> Double(Vector256<double> a, Vector256<double> b)
        => Vector256.LessThan(a, b) | Vector256.AndNot(~Vector256.Equals(b, b), ~Vector256.Equals(a, a));
}

internal readonly struct GtOp : ICompareOp
{
    public static bool Long(long a, long b) => a > b;
    public static bool Double(double a, double b) => LtOp.Double(b, a);
    public static Vector256<long> Long(Vector256<long> a, Vector256<long> b) => Vector256.GreaterThan(a, b);
    public static Vector256<double> Double(Vector256<double> a, Vector256<double> b) => LtOp.Double(b, a);
}

internal readonly struct LeOp : ICompareOp
{
    public static bool Long(long a, long b) => a <= b;
    public static bool Double(double a, double b) => !GtOp.Double(a, b);
    public static Vector256<long> Long(Vector256<long> a, Vector256<long> b) => ~Vector256.GreaterThan(a, b);
    public static Vector256<double> Double(Vector256<double> a, Vector256<double> b) => ~GtOp.Double(a, b);
}

internal readonly struct GeOp : ICompareOp
{
    public static bool Long(long a, long b) => a >= b;
    public static bool Double(double a, double b) => !LtOp.Double(a, b);
    public static Vector256<long> Long(Vector256<long> a, Vector256<long> b) => ~Vector256.LessThan(a, b);
    public static Vector256<double> Double(Vector256<double> a, Vector256<double> b) => ~LtOp.Double(a, b);
}
