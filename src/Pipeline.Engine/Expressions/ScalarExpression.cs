using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Expressions.Binding;
using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Evaluation.Fast;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions;

/// <summary>
/// A typed scalar expression over the columns of a batch (derived columns, filters), with DuckDB's function names
/// and semantics, evaluated a whole batch at a time. Types: every integer column is BIGINT (Int64), floats are
/// DOUBLE, Decimal128 columns are DECIMAL (computed with <see cref="decimal"/>, so at most 28 significant digits),
/// strings (Utf8, LargeUtf8, views, dictionary-encoded) are VARCHAR, dates DATE (Date32) and timestamps TIMESTAMP
/// (microseconds, the input's time zone kept; calendar parts are computed in UTC).
/// </summary>
public sealed class ScalarExpression
{
    private readonly Node _root;

    /// <summary>The fast evaluator (spans and bitmaps) when the expression's shape has one; null otherwise.</summary>
    private readonly Kernel? _kernel;

    private ScalarExpression(string text, Node root, IReadOnlyList<string> columns, Kernel? kernel)
    {
        Text = text;
        _root = root;
        _kernel = kernel;
        Type = root.Type.ToArrow();
        Columns = columns;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The result type: Int64, Double, Decimal128, String, Boolean, Date32, Timestamp (µs), or Null for an
    /// expression that is the null constant.</summary>
    public IArrowType Type { get; }

    /// <summary>The columns the expression reads, each once, in order of first mention.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Parses and type-checks <paramref name="text"/> against <paramref name="schema"/>.</summary>
    /// <exception cref="ExpressionException">A syntax or type error (with its 1-based position); unknown column and
    /// function names come with a "did you mean".</exception>
    public static ScalarExpression Bind(string text, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(schema);
        var binder = new Binder(schema, text);
        var root = binder.Bind(ExpressionParser.Parse(text));
        return new ScalarExpression(text, root, [.. binder.Columns], KernelCompiler.Compile(root, schema));
    }

    /// <summary>Binds an expression that must be a condition (a filter): BOOLEAN, or the null constant (false for
    /// every row). A null result on a row means the row does not pass.</summary>
    /// <exception cref="ExpressionException">A syntax or type error, or the result is not boolean.</exception>
    public static ScalarExpression BindPredicate(string text, Schema schema)
    {
        var e = Bind(text, schema);
        if (e._root.Type.Kind == SqlKind.Null)
            return new ScalarExpression(text, new ConstantNode(SqlType.Boolean, null), e.Columns, null);
        if (e._root.Type.Kind != SqlKind.Boolean)
            throw new ExpressionException($"a condition must be true or false (a comparison such as x > 0), but this expression is {e._root.Type}", 1);
        return e;
    }

    /// <summary>Evaluates the expression over every row of <paramref name="batch"/> (which must have the schema it
    /// was bound to). The batch is not changed; the caller owns and disposes the result.</summary>
    /// <exception cref="InvalidOperationException">A runtime error: integer overflow, a value a cast cannot convert,
    /// text strptime cannot read, a logarithm of zero; the message names the expression.</exception>
    public IArrowArray Evaluate(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_kernel is not null)
        {
            var context = new KContext(batch, Text, _kernel);
            try
            {
                return KernelWriter.Write(_kernel.Evaluate(context), _root.Type, batch.Length, context);
            }
            catch (KernelFallbackException)
            {
                // An array type the schema did not promise (the kernels were built for the bound schema's types).
            }
            finally
            {
                context.Release();
            }
        }
        var result = _root.Evaluate(new EvalContext(batch, batch.Length, Text));
        return ArrayWriter.Write(result);
    }

    /// <summary>Whether the fast evaluator covers this expression (for tests).</summary>
    internal bool HasFastPath => _kernel is not null;

    /// <summary>Evaluates with the general evaluator only, bypassing the fast one (for tests comparing the two).</summary>
    internal IArrowArray EvaluateGeneral(RecordBatch batch)
        => ArrayWriter.Write(_root.Evaluate(new EvalContext(batch, batch.Length, Text)));
}
