using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>
/// Builds the fast evaluator for a bound expression: the shapes pipeline steps use most (column and constant
/// comparisons, <c>and</c>/<c>or</c>/<c>not</c>, DOUBLE and BIGINT arithmetic, <c>case</c>, <c>coalesce</c>, text
/// compared with a constant) become <see cref="Kernel"/>s; any other part of BOOLEAN, integer, DOUBLE, DATE or
/// TIMESTAMP type runs on the general evaluator inside it (<see cref="SlowKernel"/>). Text and decimal results are
/// left to the general evaluator entirely.
/// </summary>
internal static class KernelCompiler
{
    /// <summary>The kernel for <paramref name="root"/>, or null when it would gain nothing.</summary>
    public static Kernel? Compile(Node root, Schema schema)
    {
        if (root is ConstantNode || KVec.StorageOf(root.Type.Kind) is null) return null;
        var k = Build(root, schema);
        return k is null or SlowKernel ? null : k;
    }

    private static Kernel? Build(Node node, Schema schema)
    {
        if (KVec.StorageOf(node.Type.Kind) is null && node.Type.Kind != SqlKind.Null) return null;
        if (node.Type.Kind == SqlKind.Null) return node is ConstantNode ? new ConstantKernel(SqlType.Boolean, null) : null;
        return Direct(node, schema) ?? new SlowKernel(node);
    }

    private static Kernel? Direct(Node node, Schema schema)
    {
        switch (node)
        {
            case ConstantNode c:
                return new ConstantKernel(c.Type, c.Value);
            case ColumnNode col when ColumnKernel.Supports(Arrow(schema, col.Index), col.Type):
                return new ColumnKernel(col.Index, col.Type);
            case CastNode { Operand: ColumnNode col, Type.Kind: SqlKind.Double, Range: null } when col.Type.Kind == SqlKind.Int64
                                                                                                    && ColumnKernel.Supports(Arrow(schema, col.Index), SqlType.Double):
                // The integer column is converted while it is read, with no BIGINT copy in between.
                return new ColumnKernel(col.Index, SqlType.Double);
            case CastNode { Type.Kind: SqlKind.Double, Range: null } cast when cast.Operand.Type.Kind == SqlKind.Int64:
                return new LongToDoubleKernel(Build(cast.Operand, schema)!);
            case ComparisonNode cmp:
                return Compare(cmp, schema);
            case ArithmeticNode { Operands: SqlKind.Double, Op: "+" or "-" or "*" or "/" } a:
                return new DoubleArithmeticKernel(a.Op, Build(a.Left, schema)!, Build(a.Right, schema)!);
            case ArithmeticNode { Operands: SqlKind.Int64, Op: "+" or "-" or "*" } a:
                return new LongArithmeticKernel(a.Op, Build(a.Left, schema)!, Build(a.Right, schema)!, a.Type);
            case LogicNode l:
                return new LogicKernel(l.And, Build(l.Left, schema)!, Build(l.Right, schema)!);
            case NotNode n:
                return new NotKernel(Build(n.Operand, schema)!);
            case IsNullNode { Operand: ColumnNode col } i when DirectValidity(Arrow(schema, col.Index), col.Type):
                return new IsNullKernel(null, col.Index, i.Negated);
            case IsNullNode i when Build(i.Operand, schema) is { } operand:
                return new IsNullKernel(operand, -1, i.Negated);
            case CaseNode c when KVec.StorageOf(c.Type.Kind) is not null:
            {
                var values = c.Values.Select(v => Build(v, schema)).ToArray();
                var otherwise = c.Otherwise is null ? null : Build(c.Otherwise, schema);
                if (values.Any(v => v is null) || (c.Otherwise is not null && otherwise is null)) return null;
                return new CaseKernel([.. c.Conditions.Select(x => Build(x, schema)!)], values!, otherwise, c.Type);
            }
            case CoalesceNode c when KVec.StorageOf(c.Type.Kind) is not null:
            {
                var args = c.Arguments.Select(v => Build(v, schema)).ToArray();
                return args.Any(v => v is null) ? null : new CoalesceKernel(args!, c.Type);
            }
            default:
                return null;
        }
    }

    private static Kernel? Compare(ComparisonNode cmp, Schema schema)
    {
        var kind = cmp.Left.Type.Kind;
        if (KVec.StorageOf(kind) is SqlKind.Int64 or SqlKind.Double && cmp.Left.Type == cmp.Right.Type)
            return new CompareKernel(cmp.Op, Build(cmp.Left, schema)!, Build(cmp.Right, schema)!);
        if (kind != SqlKind.String) return null;
        if (cmp.Left is ColumnNode l && cmp.Right is ConstantNode { Value: string r } && StringCompareKernel.Supports(Arrow(schema, l.Index)))
            return new StringCompareKernel(l.Index, cmp.Op, r);
        if (cmp.Right is ColumnNode rc && cmp.Left is ConstantNode { Value: string lc } && StringCompareKernel.Supports(Arrow(schema, rc.Index)))
            return new StringCompareKernel(rc.Index, CompareKernel.Flip(cmp.Op), lc);
        return null;
    }

    private static IArrowType Arrow(Schema schema, int index) => schema.FieldsList[index].DataType;

    /// <summary>Column types whose validity bitmap alone says which rows are null (reading their values could not
    /// fail, and no dictionary entry adds nulls).</summary>
    private static bool DirectValidity(IArrowType arrow, SqlType type)
        => arrow is StringType or LargeStringType or StringViewType || ColumnKernel.Supports(arrow, type);
}
