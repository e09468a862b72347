using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Tests.Operators;

/// <summary>One generated row, as the LINQ references read it.</summary>
internal sealed record AggRow(string? G, int? K, double? X, long? I, decimal? Dec, string? S, int? Day, bool? B);

/// <summary>
/// Seeded rows for the hash aggregate tests: a 7-value string key g (optionally dictionary-encoded), a small int
/// key k, doubles x with NaN and -0, int64 i, decimal(10,2) dec, strings s, dates day and booleans b, each column
/// with nulls. The rows are kept so references can be computed with LINQ.
/// </summary>
internal sealed class HashAggregateTestData
{
    public static readonly Schema PlainSchema = BuildSchema(new StringType());

    public static readonly Schema DictionarySchema = BuildSchema(new DictionaryType(Int32Type.Default, StringType.Default, false));

    private static readonly string[] Names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"];
    private readonly int _batchSize;
    private readonly bool _dictionary;

    public HashAggregateTestData(int rows, int kValues = 5, int batchSize = 4096, bool dictionary = false, int seed = 7, int gValues = 7)
    {
        _batchSize = batchSize;
        _dictionary = dictionary;
        var random = new Random(seed);
        var list = new List<AggRow>(rows);
        for (int r = 0; r < rows; r++)
        {
            bool Null(int oneIn) => random.Next(oneIn) == 0;
            int gi = random.Next(gValues);
            string? g = Null(25) ? null : gi < Names.Length ? Names[gi] : "name" + gi;
            int? k = Null(30) ? null : random.Next(kValues);
            double? x = Null(10) ? null : random.Next(200) switch
            {
                0 => double.NaN,
                1 => -0.0,
                2 => 0.0,
                _ => Math.Round(random.NextDouble() * 1000 - 300, 3),
            };
            long? i = Null(12) ? null : random.Next(-1_000_000, 1_000_000);
            decimal? dec = Null(9) ? null : random.Next(-100_000, 100_000) / 100m;
            string? s = Null(8) ? null : "s" + random.Next(40);
            int? day = Null(11) ? null : 18_000 + random.Next(400);
            bool? b = Null(13) ? null : random.Next(2) == 0;
            list.Add(new AggRow(g, k, x, i, dec, s, day, b));
        }
        Rows = list;
    }

    public IReadOnlyList<AggRow> Rows { get; }

    public Schema Schema => _dictionary ? DictionarySchema : PlainSchema;

    private static Schema BuildSchema(IArrowType gType) => new Schema.Builder()
        .Field(f => f.Name("g").DataType(gType).Nullable(true))
        .Field(f => f.Name("k").DataType(Int32Type.Default).Nullable(true))
        .Field(f => f.Name("x").DataType(DoubleType.Default).Nullable(true))
        .Field(f => f.Name("i").DataType(Int64Type.Default).Nullable(true))
        .Field(f => f.Name("dec").DataType(new Decimal128Type(10, 2)).Nullable(true))
        .Field(f => f.Name("s").DataType(StringType.Default).Nullable(true))
        .Field(f => f.Name("day").DataType(Date32Type.Default).Nullable(true))
        .Field(f => f.Name("b").DataType(BooleanType.Default).Nullable(true))
        .Build();

    public IEnumerable<RecordBatch> Batches()
    {
        for (int start = 0; start < Rows.Count; start += _batchSize)
        {
            var rows = Rows.Skip(start).Take(_batchSize).ToList();
            yield return new RecordBatch(Schema,
            [
                _dictionary ? Dictionary(rows.Select(r => r.G)) : Strings(rows.Select(r => r.G)),
                Build(new Int32Array.Builder(), rows.Select(r => r.K)),
                Build(new DoubleArray.Builder(), rows.Select(r => r.X)),
                Build(new Int64Array.Builder(), rows.Select(r => r.I)),
                Decimals(rows.Select(r => r.Dec)),
                Strings(rows.Select(r => r.S)),
                Dates(rows.Select(r => r.Day)),
                Booleans(rows.Select(r => r.B)),
            ], rows.Count);
        }
    }

    private static IArrowArray Build<T, TArray, TBuilder>(PrimitiveArrayBuilder<T, TArray, TBuilder> builder, IEnumerable<T?> values)
        where T : struct, INumber<T>
        where TArray : IArrowArray
        where TBuilder : class, IArrowArrayBuilder<TArray>
    {
        foreach (var v in values) { if (v is { } x) builder.Append(x); else builder.AppendNull(); }
        return builder.Build(null);
    }

    private static StringArray Strings(IEnumerable<string?> values)
    {
        var builder = new StringArray.Builder();
        foreach (var v in values) { if (v is null) builder.AppendNull(); else builder.Append(v); }
        return builder.Build();
    }

    /// <summary>Each batch gets its own dictionary, in its own order, so equal keys have different indices across batches.</summary>
    private static DictionaryArray Dictionary(IEnumerable<string?> values)
    {
        var list = values.ToList();
        var entries = list.Where(v => v is not null).Distinct().Reverse().ToList();
        var indices = new Int32Array.Builder();
        foreach (var v in list) { if (v is null) indices.AppendNull(); else indices.Append(entries.IndexOf(v)); }
        return new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), indices.Build(), Strings(entries));
    }

    private static Decimal128Array Decimals(IEnumerable<decimal?> values)
    {
        var builder = new Decimal128Array.Builder(new Decimal128Type(10, 2));
        foreach (var v in values) { if (v is { } d) builder.Append(d); else builder.AppendNull(); }
        return builder.Build();
    }

    private static Date32Array Dates(IEnumerable<int?> values)
    {
        var builder = new Date32Array.Builder();
        foreach (var v in values) { if (v is { } d) builder.Append(DateOnly.FromDayNumber(DateOnly.FromDateTime(new DateTime(1970, 1, 1)).DayNumber + d)); else builder.AppendNull(); }
        return builder.Build();
    }

    private static BooleanArray Booleans(IEnumerable<bool?> values)
    {
        var builder = new BooleanArray.Builder();
        foreach (var v in values) { if (v is { } b) builder.Append(b); else builder.AppendNull(); }
        return builder.Build();
    }
}
