using Apache.Arrow;
using Apache.Arrow.Types;
using BenchmarkDotNet.Attributes;
using Pipeline.Engine.Expressions;

namespace Pipeline.Benchmarks.Micro;

/// <summary>
/// The scalar expressions of <c>derive:</c> and <c>filter:</c> over one 1,000,000-row batch shaped like the benchmark
/// data (amount DOUBLE 5% null, quantity INT32, category text of 20 values as Utf8 and dictionary-encoded, active
/// BOOLEAN), with the fast evaluator and the general one. Divide the mean by 1,000,000 for ns/row.
/// </summary>
[MemoryDiagnoser]
public class ExpressionBench
{
    private const int Rows = 1_000_000;
    private RecordBatch? _batch;
    private ScalarExpression? _expression;

    /// <summary>The expression timed.</summary>
    [Params("active and amount > 100", "amount * quantity", "amount > 0 and category != 'Music'", "coalesce(amount, 0) * 2",
        "case when quantity > 0 then amount / quantity else null end", "dcategory = 'Music'")]
    public string Expression { get; set; } = "";

    /// <summary>Which evaluator: <c>fast</c> (what <see cref="ScalarExpression.Evaluate"/> does) or <c>general</c>.</summary>
    [Params("fast", "general")]
    public string Path { get; set; } = "";

    /// <summary>Builds the batch (deterministic) and binds the expression.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] categories = [.. Enumerable.Range(0, 20).Select(i => i == 7 ? "Music" : $"Category {i}")];
        var r = new Random(42);
        var amount = new DoubleArray.Builder();
        var quantity = new Int32Array.Builder();
        var category = new StringArray.Builder();
        var indices = new Int32Array.Builder();
        var active = new BooleanArray.Builder();
        for (int i = 0; i < Rows; i++)
        {
            if (r.Next(20) == 0) amount.AppendNull(); else amount.Append(Math.Round(r.NextDouble() * 500, 2));
            quantity.Append(r.Next(0, 10));
            int c = r.Next(categories.Length);
            category.Append(categories[c]);
            indices.Append(c);
            active.Append(r.Next(4) != 0);
        }
        var dictType = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var dictionary = new StringArray.Builder().AppendRange(categories).Build();
        var schema = new Schema.Builder()
            .Field(new Field("amount", DoubleType.Default, true)).Field(new Field("quantity", Int32Type.Default, false))
            .Field(new Field("category", StringType.Default, false)).Field(new Field("dcategory", dictType, false))
            .Field(new Field("active", BooleanType.Default, false)).Build();
        _batch = new RecordBatch(schema, [amount.Build(), quantity.Build(), category.Build(), new DictionaryArray(dictType, indices.Build(), dictionary), active.Build()], Rows);
        _expression = ScalarExpression.Bind(Expression, schema);
    }

    /// <summary>One evaluation of the whole batch.</summary>
    [Benchmark]
    public int Evaluate()
    {
        using var result = Path == "fast" ? _expression!.Evaluate(_batch!) : _expression!.EvaluateGeneral(_batch!);
        return result.NullCount;
    }
}
