using System.Globalization;
using System.Numerics;
using Apache.Arrow;
using DuckDB.NET.Data;
using Pipeline.Engine.Expressions;

namespace Pipeline.Engine.Tests.Expressions;

/// <summary>Each expression evaluated by <see cref="ScalarExpression"/> and by DuckDB over the same table must agree
/// row by row (numbers to 1e-9 relative, everything else exactly, nulls where DuckDB has them).</summary>
public sealed class DuckDbDifferentialTests : IClassFixture<DuckDbDifferentialTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ExpressionTable Table { get; } = new();
        public RecordBatch Batch { get; }
        public DuckDBConnection Connection { get; } = new("Data Source=:memory:");

        public Fixture()
        {
            Batch = Table.ToBatch();
            Connection.Open();
            Table.Load(Connection);
        }

        public void Dispose()
        {
            Connection.Dispose();
            Batch.Dispose();
        }
    }

    private readonly Fixture _fixture;

    public DuckDbDifferentialTests(Fixture fixture) => _fixture = fixture;

    public static TheoryData<string> Expressions() =>
    [
        "i + j", "i - j * 3", "i * j", "i / j", "i % j", "i // j", "f / j", "f * 2.5", "-i", "i::double / 7",
        "dec + i", "dec * 2", "dec / 3", "dec + f", "dec - 0.005",
        "abs(i - 500)", "abs(f)", "round(f)", "round(f, 2)", "round(dec, 1)", "round(f, -1)", "floor(f)", "ceil(f)", "floor(dec)",
        "sqrt(abs(f))", "ln(abs(f) + 1)", "log10(abs(f) + 1)", "exp(i / 1000.0)", "pow(abs(j), 2)", "sign(f)",
        "greatest(i, j, 0)", "least(f, i)", "coalesce(i, j, -1)", "nullif(j, 0)",
        "case when i > 0 then 'pos' when i < 0 then 'neg' else 'zero' end", "case ds when 'open' then 1 when 'closed' then 2 end",
        "cast(f as bigint)", "cast(i as varchar)", "cast(dec as double)", "cast(f as decimal(12,3))", "cast(dec as varchar)", "cast(b as integer)",
        "concat(s, '-', i)", "s || '!'", "cast(i as varchar) || s", "lower(s)", "upper(s)", "length(s)", "trim(s)", "ltrim(s)",
        "substr(s, 2, 3)", "substring(s, -3)", "substring(s, 0, 2)", "replace(s, 'a', 'A')", "split_part(s, ',', 2)", "split_part(s, ',', -1)",
        "starts_with(s, 'al')", "contains(s, 'a')", "regexp_matches(s, '^[a-z]+$')", "regexp_extract(s, '([0-9]+)-([0-9]+)', 2)",
        "s like '%a%'", "s ilike 'A%'", "s not like '_l%'", "i between -10 and 10", "i in (1, 2, 3, null)", "j not in (0, 1)",
        "b and i > 0", "b or f < 0", "not b", "s is null", "ds = 'open'", "s < 'b'", "f > dec",
        "year(d)", "month(ts)", "day(d)", "extract(dow from d)", "date_part('doy', ts)", "date_part('week', d)", "extract(quarter from ts)",
        "date_part('isodow', d)", "date_part('isoyear', d)", "hour(ts)", "minute(ts)", "second(ts)", "epoch(ts)",
        "date_diff('day', d, ts)", "date_diff('month', d, cast('2000-01-01' as date))", "date_diff('year', d, cast('2020-06-15' as date))",
        "date_diff('hour', ts, cast('2000-01-01 00:00:00' as timestamp))", "date_diff('minute', cast('1970-01-01 00:00:30' as timestamp), ts)",
        "date_diff('week', d, cast('2000-01-01' as date))", "date_diff('quarter', ts, d)",
        "date_trunc('month', d)", "date_trunc('hour', ts)", "date_trunc('week', ts)", "date_trunc('year', ts)", "date_trunc('quarter', d)",
        "strftime(ts, '%Y-%m-%d %H:%M:%S')", "strftime(d, '%d/%m/%y %j %b %B %a %A %w %u')", "strftime(ts, '%I:%M %p %-d %-m %f')",
        "strptime(strftime(ts, '%Y-%m-%d %H:%M:%S.%f'), '%Y-%m-%d %H:%M:%S.%f')", "strptime(strftime(d, '%d %B %Y'), '%d %B %Y')",
        "make_date(2000, 1 + abs(i) % 12, 1 + abs(j) % 28)", "d + 30", "d - cast('2000-01-01' as date)", "cast(ts as date)",
        "cast(d as timestamp)", "cast(ts as varchar)", "cast(d as varchar)", "d >= '2000-01-01'", "ts < d", "cast(f as varchar)",
    ];

    [Theory]
    [MemberData(nameof(Expressions))]
    public void AgreesWithDuckDb(string text)
    {
        var expression = ScalarExpression.Bind(text, _fixture.Batch.Schema);
        using var ours = expression.Evaluate(_fixture.Batch);
        using var command = _fixture.Connection.CreateCommand();
        command.CommandText = $"SELECT {text} FROM t ORDER BY id";
        using var reader = command.ExecuteReader();
        string duckType = reader.GetDataTypeName(0);
        int row = 0;
        while (reader.Read())
        {
            object? expected = reader.IsDBNull(0) ? null : reader.GetValue(0);
            object? actual = Cell(ours, row);
            if (!Same(expected, actual))
                Assert.Fail($"'{text}' row {row}: DuckDB ({duckType}) gives {Show(expected)}, we give {Show(actual)} ({expression.Type.Name}); inputs: {Inputs(row)}");
            row++;
        }
        Assert.Equal(ExpressionTable.Rows, row);
    }

    private string Inputs(int k)
    {
        var t = _fixture.Table;
        return $"i={t.I[k]} j={t.J[k]} f={t.F[k]?.ToString("R", CultureInfo.InvariantCulture)} dec={t.Dec[k]} s='{t.S[k]}' ds={t.Ds[k]} d={t.D[k]:yyyy-MM-dd} ts={t.Ts[k]:yyyy-MM-dd HH:mm:ss.ffffff} b={t.B[k]}";
    }

    private static object? Cell(IArrowArray a, int i)
    {
        if (a.IsNull(i)) return null;
        return a switch
        {
            Int64Array x => x.Values[i],
            DoubleArray x => x.Values[i],
            Decimal128Array x => x.GetValue(i),
            StringArray x => x.GetString(i),
            BooleanArray x => x.GetValue(i),
            Date32Array x => DateOnly.FromDayNumber(new DateOnly(1970, 1, 1).DayNumber + x.Values[i]),
            TimestampArray x => DateTime.UnixEpoch.AddTicks(x.Values[i] * 10),
            _ => throw new InvalidOperationException($"unexpected result array {a.GetType().Name}"),
        };
    }

    private static bool Same(object? expected, object? actual)
    {
        if (expected is null || actual is null) return expected is null && actual is null;
        if (IsNumber(expected) && IsNumber(actual))
        {
            double e = ToDouble(expected), a = ToDouble(actual);
            if (double.IsNaN(e) || double.IsNaN(a)) return double.IsNaN(e) && double.IsNaN(a);
            return e == a || Math.Abs(e - a) <= 1e-9 * Math.Max(Math.Abs(e), Math.Abs(a));
        }
        return (expected, actual) switch
        {
            (DateOnly e, DateOnly a) => e == a,
            (DateTime e, DateTime a) => e == a,
            _ => expected.GetType() == actual.GetType() && expected.Equals(actual),
        };
    }

    private static bool IsNumber(object o) => o is sbyte or short or int or long or byte or ushort or uint or ulong or float or double or decimal or BigInteger or Int128;

    private static double ToDouble(object o) => o switch
    {
        BigInteger b => (double)b,
        Int128 b => (double)b,
        _ => Convert.ToDouble(o, CultureInfo.InvariantCulture),
    };

    private static string Show(object? o) => o switch
    {
        null => "NULL",
        string s => $"'{s}'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + " (timestamp)",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (date)",
        _ => $"{o} ({o.GetType().Name})",
    };
}
