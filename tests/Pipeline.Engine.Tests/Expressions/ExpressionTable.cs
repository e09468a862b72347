using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;

namespace Pipeline.Engine.Tests.Expressions;

/// <summary>A deterministic table for expression tests: nulls in every column, negative numbers, zeros, edge dates
/// (before 1970, leap days), Unicode text and a dictionary-encoded column; as an Arrow batch and as a DuckDB table.</summary>
public sealed class ExpressionTable
{
    public const int Rows = 2000;
    private static readonly string[] Texts = ["alpha", "Beta", "  padded  ", "ünïcødé", "日本語テキスト", "emoji 😀 x", "", "a,b,c", "2024-03-05", "x_y%z", "12-34", "ALPHA beta"];
    private static readonly string[] Statuses = ["open", "closed", "pending"];
    private static readonly DateOnly[] EdgeDates = [new(1900, 1, 1), new(1969, 12, 31), new(1970, 1, 1), new(2000, 2, 29), new(2024, 12, 31), new(2038, 1, 19), new(1999, 12, 27)];

    public long[] Id { get; } = new long[Rows];
    public int?[] I { get; } = new int?[Rows];
    public long?[] J { get; } = new long?[Rows];
    public double?[] F { get; } = new double?[Rows];
    public decimal?[] Dec { get; } = new decimal?[Rows];
    public string?[] S { get; } = new string?[Rows];
    public string?[] Ds { get; } = new string?[Rows];
    public DateOnly?[] D { get; } = new DateOnly?[Rows];
    public DateTime?[] Ts { get; } = new DateTime?[Rows];
    public bool?[] B { get; } = new bool?[Rows];

    public ExpressionTable()
    {
        var r = new Random(20240531);
        bool Null() => r.Next(10) == 0;
        for (int k = 0; k < Rows; k++)
        {
            Id[k] = k;
            I[k] = Null() ? null : r.Next(-1000, 1001);
            J[k] = Null() ? null : r.Next(-50, 51);
            F[k] = Null() ? null : Math.Round((r.NextDouble() - 0.5) * 2000, r.Next(0, 4)) + (r.Next(20) == 0 ? 0.5 : 0);
            Dec[k] = Null() ? null : r.Next(-10_000_000, 10_000_000) / 100m;
            S[k] = Null() ? null : Texts[r.Next(Texts.Length)];
            Ds[k] = Null() ? null : Statuses[r.Next(Statuses.Length)];
            D[k] = Null() ? null : r.Next(4) == 0 ? EdgeDates[r.Next(EdgeDates.Length)] : new DateOnly(1950, 1, 1).AddDays(r.Next(36_500));
            Ts[k] = Null() ? null : new DateTime(1960, 1, 1).AddTicks((long)(r.NextDouble() * 80 * 365.25 * TimeSpan.TicksPerDay) / 10 * 10);
            B[k] = Null() ? null : r.Next(2) == 0;
        }
    }

    public RecordBatch ToBatch()
    {
        var ids = new Int64Array.Builder().AppendRange(Id).Build();
        var i = new Int32Array.Builder(); foreach (var x in I) i.Append(x);
        var j = new Int64Array.Builder(); foreach (var x in J) j.Append(x);
        var f = new DoubleArray.Builder(); foreach (var x in F) f.Append(x);
        var decType = new Decimal128Type(10, 2);
        var dec = new Decimal128Array.Builder(decType); foreach (var x in Dec) { if (x is { } v) dec.Append(v); else dec.AppendNull(); }
        var s = new StringArray.Builder(); foreach (var x in S) s.Append(x);
        var d = new Date32Array.Builder(); foreach (var x in D) { if (x is { } v) d.Append(v); else d.AppendNull(); }
        var tsType = new TimestampType(TimeUnit.Microsecond, (string?)null);
        var ts = new TimestampArray.Builder(tsType); foreach (var x in Ts) { if (x is { } v) ts.Append(new DateTimeOffset(v, TimeSpan.Zero)); else ts.AppendNull(); }
        var b = new BooleanArray.Builder(); foreach (var x in B) { if (x is { } v) b.Append(v); else b.AppendNull(); }
        var dictionaryType = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var dictionary = new StringArray.Builder().AppendRange(Statuses).Build();
        var indices = new Int32Array.Builder(); foreach (var x in Ds) indices.Append(x is null ? null : System.Array.IndexOf(Statuses, x));
        var ds = new DictionaryArray(dictionaryType, indices.Build(), dictionary);
        var schema = new Schema.Builder()
            .Field(new Field("id", Int64Type.Default, false)).Field(new Field("i", Int32Type.Default, true))
            .Field(new Field("j", Int64Type.Default, true)).Field(new Field("f", DoubleType.Default, true))
            .Field(new Field("dec", decType, true)).Field(new Field("s", StringType.Default, true))
            .Field(new Field("ds", dictionaryType, true)).Field(new Field("d", Date32Type.Default, true))
            .Field(new Field("ts", tsType, true)).Field(new Field("b", BooleanType.Default, true)).Build();
        return new RecordBatch(schema, [ids, i.Build(), j.Build(), f.Build(), dec.Build(), s.Build(), ds, d.Build(), ts.Build(), b.Build()], Rows);
    }

    public void Load(DuckDBConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id BIGINT, i INTEGER, j BIGINT, f DOUBLE, dec DECIMAL(10,2), s VARCHAR, ds VARCHAR, d DATE, ts TIMESTAMP, b BOOLEAN)";
            create.ExecuteNonQuery();
        }
        using var appender = connection.CreateAppender("t");
        for (int k = 0; k < Rows; k++)
        {
            var row = appender.CreateRow();
            row.AppendValue(Id[k]);
            if (I[k] is { } i) row.AppendValue(i); else row.AppendNullValue();
            if (J[k] is { } j) row.AppendValue(j); else row.AppendNullValue();
            if (F[k] is { } f) row.AppendValue(f); else row.AppendNullValue();
            if (Dec[k] is { } dec) row.AppendValue(dec); else row.AppendNullValue();
            if (S[k] is { } s) row.AppendValue(s); else row.AppendNullValue();
            if (Ds[k] is { } ds) row.AppendValue(ds); else row.AppendNullValue();
            if (D[k] is { } d) row.AppendValue(d); else row.AppendNullValue();
            if (Ts[k] is { } ts) row.AppendValue(ts); else row.AppendNullValue();
            if (B[k] is { } b) row.AppendValue(b); else row.AppendNullValue();
            row.EndRow();
        }
    }
}
