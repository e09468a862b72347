using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>Small hand-made batches and helpers that evaluate one rule on them.</summary>
internal static class Tables
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>num: 5, -1, 0, null, NaN, 10; text: "a", "", null, "paid", "bob@x.com", "http://x.org";
    /// day: 2024-01-01, 2026-01-01 (future), null, 2024-03-05, 2020-12-31, 2025-05-31.</summary>
    public static RecordBatch Mixed()
    {
        var num = new DoubleArray.Builder().Append(5).Append(-1).Append(0).AppendNull().Append(double.NaN).Append(10).Build();
        var text = new StringArray.Builder().Append("a").Append("").AppendNull().Append("paid").Append("bob@x.com").Append("http://x.org").Build();
        var day = new Date32Array.Builder().Append(new DateTime(2024, 1, 1)).Append(new DateTime(2026, 1, 1)).AppendNull()
            .Append(new DateTime(2024, 3, 5)).Append(new DateTime(2020, 12, 31)).Append(new DateTime(2025, 5, 31)).Build();
        var id = new Int64Array.Builder().Append(1).Append(2).Append(2).Append(3).AppendNull().Append(3).Build();
        var schema = new Schema.Builder()
            .Field(f => f.Name("num").DataType(DoubleType.Default))
            .Field(f => f.Name("text").DataType(StringType.Default))
            .Field(f => f.Name("day").DataType(Date32Type.Default))
            .Field(f => f.Name("id").DataType(Int64Type.Default))
            .Build();
        return new RecordBatch(schema, [num, text, day, id], 6);
    }

    /// <summary>The 0-based rows that fail a row rule.</summary>
    public static int[] Failing(Rule rule, RecordBatch? batch = null)
    {
        batch ??= Mixed();
        var check = RowCheck.Compile(rule, batch.Schema, Now);
        var fails = new bool[batch.Length];
        check.Evaluate(new BatchColumns(batch), fails);
        return Enumerable.Range(0, batch.Length).Where(i => fails[i]).ToArray();
    }
}
