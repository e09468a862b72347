using System.Globalization;
using Apache.Arrow;
using DuckDB.NET.Data;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Aggregate;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Databases.DuckDb;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

/// <summary>
/// The hash aggregate's holistic and moment measures against DuckDB itself, on the same generated rows: DuckDB
/// runs single-threaded over ordered input, so its "first seen" tie-break for mode is defined too.
/// </summary>
public sealed class HashAggregateDuckDbTests
{
    // Many repeated values (ties for mode, duplicates for quantiles) and nulls in both columns.
    private const string Rows = """
        select i % 37 as k,
               case when i % 11 = 0 then null else ((i * 7919) % 613) / 10.0 end::double as x,
               case when i % 13 = 0 then null else 's' || ((i * 31) % 23) end as s
        from range(20000) t(i) order by i
        """;

    private static readonly (string Sql, AggregateMeasure Measure)[] Measures =
    [
        ("quantile_disc(x, 0.3)", new("q30", MeasureFunction.Quantile, "x", 0.3)),
        ("quantile_disc(x, 0.75)", new("q75", MeasureFunction.Quantile, "x", 0.75)),
        ("quantile(x, 0.05)", new("q05", MeasureFunction.Quantile, "x", 0.05)),
        ("quantile_disc(s, 0.5)", new("qs", MeasureFunction.Quantile, "s", 0.5)),
        ("median(x)", new("med", MeasureFunction.Median, "x")),
        ("mode(s)", new("modes", MeasureFunction.Mode, "s")),
        ("mode(x)", new("modex", MeasureFunction.Mode, "x")),
        ("stddev_samp(x)", new("sd", MeasureFunction.StdDev, "x")),
        ("var_samp(x)", new("var", MeasureFunction.Variance, "x")),
        ("count(distinct s)", new("ds", MeasureFunction.CountDistinct, "s")),
        ("avg(x)", new("avg", MeasureFunction.Avg, "x")),
        ("max(s)", new("maxs", MeasureFunction.Max, "s")),
    ];

    [Fact]
    public async Task Holistic_and_moment_measures_match_duckdb()
    {
        var expected = new List<string[]>();
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"set threads = 1; select k, {string.Join(", ", Measures.Select(m => m.Sql))} from ({Rows}) group by k order by k";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                expected.Add([.. Enumerable.Range(0, reader.FieldCount).Select(c => reader.IsDBNull(c) ? "NULL" : Text(reader.GetValue(c)))]);
        }

        var (schema, batches) = BatchReading.ReadAll(new DuckDbSource(null, Rows));
        var op = new HashAggregateOperator(["k"], [.. Measures.Select(m => m.Measure)]);
        var actual = new List<string[]>();
        using (var context = new PipelineContext(new PipelineOptions(), memoryPool: new UnboundedPool()))
        using (var output = op.Execute(BatchStream.From(schema, batches), context))
        {
            while (await output.ReadNextRecordBatchAsync() is { } batch)
            {
                using (batch)
                {
                    for (int r = 0; r < batch.Length; r++)
                        actual.Add([.. Enumerable.Range(0, batch.ColumnCount).Select(c => Cell(batch.Column(c), r))]);
                }
            }
        }
        actual = [.. actual.OrderBy(row => long.Parse(row[0], CultureInfo.InvariantCulture))];

        Assert.Equal(37, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
        {
            for (int c = 0; c < expected[r].Length; c++)
                Assert.True(expected[r][c] == actual[r][c], $"k = {expected[r][0]}, {(c == 0 ? "k" : Measures[c - 1].Sql)}: DuckDB {expected[r][c]}, ours {actual[r][c]}");
        }
    }

    /// <summary>Numbers to 12 significant digits: the moments differ from DuckDB's only in the last bits.</summary>
    private static string Text(object value) => value switch
    {
        double d => d.ToString("G12", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string Cell(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return "NULL";
        return array switch
        {
            Int64Array a => Text(a.Values[row]),
            Int32Array a => Text(a.Values[row]),
            DoubleArray a => Text(a.Values[row]),
            StringArray a => a.GetString(row),
            _ => throw new NotSupportedException(array.Data.DataType.Name),
        };
    }
}
