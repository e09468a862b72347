using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Pipeline.Hosting.Building;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Steps;

/// <summary>The example spec (derive, filter, rules, a left join, an aggregate with a quantile, a sort) over
/// generated orders gives what DuckDB's equivalent SQL gives, and the .NET API gives the same file as the spec.</summary>
public class StepsAgainstDuckDbTests
{
    private const string Spec = """
        name: order_summary
        sources:
          orders: orders.csv
          stores: {path: stores.csv}
        steps:
          - name: lines
            from: orders
            derive:
              wait_hours: "date_diff('hour', ordered_at, shipped_at)"
              unit_price: "case when quantity > 0 then amount / quantity else null end"
            filter: "amount > 0 and status != 'cancelled'"
            rules: [{name: amount_sane, column: amount, less_or_equal: 100000}]
          - name: with_region
            from: lines
            join: {with: stores, on: {store_id: id}, how: left}
          - name: by_region
            from: with_region
            aggregate:
              by: [region, status]
              measures: {orders: "count(*)", revenue: "sum(amount)", avg_unit: "avg(unit_price)", p90_wait: "quantile(wait_hours, 0.9)"}
            sort: ["revenue desc"]
            sinks: [by_region.csv]
          - {name: all_lines, from: with_region, select: [order_id, region, amount, wait_hours], sinks: [lines.csv]}
        """;

    private const string Sql = """
        with lines as (
          select *, date_diff('hour', ordered_at, shipped_at) as wait_hours,
                 case when quantity > 0 then amount / quantity else null end as unit_price
          from read_csv('{0}/orders.csv') where amount > 0 and status != 'cancelled'),
        with_region as (select l.*, s.region, s.city from lines l left join read_csv('{0}/stores.csv') s on l.store_id = s.id)
        select region, status, count(*) as orders, sum(amount) as revenue, avg(unit_price) as avg_unit, quantile(wait_hours, 0.9) as p90_wait
        from with_region group by region, status order by revenue desc
        """;

    [Fact]
    public async Task The_example_spec_matches_DuckDB_and_the_dotnet_api_writes_the_same_file()
    {
        using var dir = new TempDirectory();
        WriteData(dir);
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(dir.WriteText("spec.yaml", Spec)), RunFolder = dir.File("run") });
        Assert.True(job.Succeeded, job.Error?.ToString());

        var ours = File.ReadAllLines(dir.File("by_region.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var theirs = Query(string.Format(CultureInfo.InvariantCulture, Sql, dir.Path));
        Assert.Equal(theirs.Count, ours.Count);
        for (int r = 0; r < ours.Count; r++)
        {
            Assert.Equal(theirs[r][0] ?? "", ours[r][0]);
            Assert.Equal(theirs[r][1], ours[r][1]);
            Assert.Equal(theirs[r][2], ours[r][2]);
            for (int c = 3; c < 6; c++)
                Assert.Equal(double.Parse(theirs[r][c]!, CultureInfo.InvariantCulture), double.Parse(ours[r][c], CultureInfo.InvariantCulture), 1e-6);
        }
        var join = job.Results.Steps.Single(s => s.Name == "with_region").Join!;
        Assert.Equal("left", join.How);
        Assert.True(join.UnmatchedRows > 0 && join.MatchedRows > 0, "the data has stores without a region row");
        Assert.Equal(join.ProbeRows, join.MatchedRows + join.UnmatchedRows);
        var lines = job.Results.Steps.Single(s => s.Name == "lines");
        Assert.True(lines.Conserved);

        // The same pipeline through the .NET API (one chain: a new step starts where the order requires it).
        await DataPipeline.From(dir.File("orders.csv"))
            .Derive("wait_hours", "date_diff('hour', ordered_at, shipped_at)")
            .Derive("unit_price", "case when quantity > 0 then amount / quantity else null end")
            .Filter("amount > 0 and status != 'cancelled'")
            .Join(Source.File(dir.File("stores.csv")), [("store_id", "id")], "left")
            .Aggregate(["region", "status"], ("orders", "count(*)"), ("revenue", "sum(amount)"), ("avg_unit", "avg(unit_price)"), ("p90_wait", "quantile(wait_hours, 0.9)"))
            .Sort("revenue desc")
            .To(dir.File("api.csv"))
            .RunAsync();
        Assert.Equal(File.ReadAllLines(dir.File("by_region.csv")), File.ReadAllLines(dir.File("api.csv")));
    }

    /// <summary>Grouping keys that a Parquet input stores with a small dictionary and the step uses for nothing else
    /// are read dictionary-encoded (dictionaries differing between row groups, a null key); the groups and
    /// measures are those of DuckDB, and those of a key the filter also reads (decoded).</summary>
    [Fact]
    public async Task An_aggregate_over_parquet_grouping_keys_read_as_dictionaries_matches_DuckDB()
    {
        using var dir = new TempDirectory();
        var data = dir.File("sales.parquet");
        Query($"""
            COPY (SELECT i AS id,
                         CASE WHEN i % 97 = 0 THEN NULL ELSE ['tools', 'books', 'garden', 'toys', 'food'][1 + ((i * 7 + i // 5000) % 5)::BIGINT] END AS category,
                         CASE WHEN i < 15000 THEN 'early' ELSE ['late', 'last'][1 + (i % 2)::BIGINT] END AS phase,
                         (i % 1000) / 8.0 AS amount, i % 7 AS quantity, i % 3 <> 0 AS active
                  FROM range(40000) t(i)) TO '{data}' (FORMAT parquet, ROW_GROUP_SIZE 10000)
            """);
        var job = await SpecRunner.RunAsync(new SpecRunRequest
        {
            Spec = SpecReader.ReadFile(dir.WriteText("spec.yaml", """
                sources: {sales: sales.parquet}
                steps:
                  - name: by_category
                    from: sales
                    derive: {revenue: "amount * quantity"}
                    filter: "active and amount > 20"
                    aggregate: {by: [category, phase], measures: {n: "count(*)", revenue: "sum(revenue)", low: "min(amount)", high: "max(amount)"}}
                    sort: [category, phase]
                    sinks: [by_category.csv]
                  - name: filtered_on_key
                    from: sales
                    filter: "category != 'toys'"
                    aggregate: {by: [category], measures: {n: "count(*)", avg_amount: "avg(amount)"}}
                    sort: [category]
                    sinks: [filtered.csv]
                """)),
            RunFolder = dir.File("run"),
        });
        Assert.True(job.Succeeded, job.Error?.ToString());
        AssertRows(Query($"""
            SELECT category, phase, count(*), sum(amount * quantity), min(amount), max(amount) FROM '{data}'
            WHERE active AND amount > 20 GROUP BY ALL ORDER BY category NULLS LAST, phase
            """), dir.File("by_category.csv"));
        AssertRows(Query($"SELECT category, count(*), avg(amount) FROM '{data}' WHERE category != 'toys' GROUP BY ALL ORDER BY category NULLS LAST"),
            dir.File("filtered.csv"));
    }

    /// <summary>A step that derives, filters, joins and aggregates over Parquet leaves out the columns nothing after
    /// its filter or its join reads (the probe key, an unread joined column, the filter's own inputs), reads a joined
    /// column that collides with an input column under its suffix, and a measure over columns of both sides: the
    /// groups are DuckDB's, for a left and an inner join.</summary>
    [Theory]
    [InlineData("left", "LEFT")]
    [InlineData("inner", "INNER")]
    public async Task A_join_and_aggregate_that_leave_unread_columns_out_match_DuckDB(string how, string sqlHow)
    {
        using var dir = new TempDirectory();
        var orders = dir.File("orders.parquet");
        var stores = dir.File("stores.parquet");
        Query($"""
            COPY (SELECT i AS order_id, i % 23 AS store_id, (i % 997) / 4.0 AS amount, (i % 13) / 2.0 AS discount, i % 5 AS quantity,
                         ['open', 'cancelled', 'shipped'][1 + (i % 3)::BIGINT] AS status, 'order' || (i % 7) AS name
                  FROM range(30000) t(i)) TO '{orders}' (FORMAT parquet, ROW_GROUP_SIZE 7000)
            """);
        Query($"""
            COPY (SELECT i AS id, ['north', 'south', 'east'][1 + (i % 3)::BIGINT] AS region, 1 + i / 10.0 AS rate, 'store' || i AS name,
                         'city' || i AS city FROM range(20) t(i)) TO '{stores}' (FORMAT parquet)
            """);
        var job = await SpecRunner.RunAsync(new SpecRunRequest
        {
            Spec = SpecReader.ReadFile(dir.WriteText("spec.yaml", $$"""
                sources: {orders: orders.parquet, stores: stores.parquet}
                steps:
                  - name: by_region
                    from: orders
                    derive: {net: "amount - discount"}
                    filter: "status != 'cancelled' and net > 0"
                    join: {with: stores, on: {store_id: id}, how: {{how}}}
                    aggregate:
                      by: [region]
                      measures: {n: "count(*)", revenue: "sum(net * rate)", last_store: "max(name_stores)", qty: "sum(quantity)"}
                    sort: [region]
                    sinks: [by_region.csv]
                """)),
            RunFolder = dir.File("run"),
        });
        Assert.True(job.Succeeded, job.Error?.ToString());
        AssertRows(Query($"""
            SELECT s.region, count(*), sum((o.amount - o.discount) * s.rate), max(s.name), sum(o.quantity)
            FROM '{orders}' o {sqlHow} JOIN '{stores}' s ON o.store_id = s.id
            WHERE o.status != 'cancelled' AND o.amount - o.discount > 0
            GROUP BY ALL ORDER BY s.region NULLS LAST
            """), dir.File("by_region.csv"));
        var step = Assert.Single(job.Results.Steps);
        Assert.Equal(30000, step.RowsIn);
        Assert.Equal(step.RowsIn - step.Filtered, step.Join!.ProbeRows);
    }

    private static void AssertRows(List<string?[]> theirs, string csv)
    {
        var ours = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(theirs.Count, ours.Count);
        for (int r = 0; r < ours.Count; r++)
        {
            for (int c = 0; c < ours[r].Length; c++)
            {
                string? expected = theirs[r][c];
                if (expected is not null && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !char.IsLetter(expected[0]))
                    Assert.Equal(number, double.Parse(ours[r][c], CultureInfo.InvariantCulture), 1e-6);
                else Assert.Equal(expected ?? "", ours[r][c]);
            }
        }
    }

    private static void WriteData(TempDirectory dir)
    {
        var random = new Random(7);
        var orders = new StringBuilder("order_id,store_id,amount,quantity,status,ordered_at,shipped_at\n");
        string[] statuses = ["shipped", "cancelled", "pending"];
        for (int i = 1; i <= 3000; i++)
        {
            var ordered = new DateTime(2024, 1, 1).AddMinutes(random.Next(0, 500_000));
            var shipped = ordered.AddMinutes(random.Next(5, 6000));
            // Amounts in whole cents keep the sums exact enough to compare to 1e-6.
            var amount = (random.Next(-500, 50_000) / 100.0).ToString(CultureInfo.InvariantCulture);
            orders.Append(CultureInfo.InvariantCulture, $"{i},{random.Next(1, 13)},{amount},{random.Next(0, 6)},{statuses[random.Next(3)]},{ordered:yyyy-MM-dd HH:mm:ss},{shipped:yyyy-MM-dd HH:mm:ss}\n");
        }
        dir.WriteText("orders.csv", orders.ToString());
        string[] regions = ["north", "south", "east"];
        var stores = new StringBuilder("id,region,city\n");
        for (int i = 1; i <= 10; i++) stores.Append(CultureInfo.InvariantCulture, $"{i},{regions[i % 3]},city{i}\n");
        dir.WriteText("stores.csv", stores.ToString());
    }

    private static List<string?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (int c = 0; c < row.Length; c++)
                row[c] = reader.IsDBNull(c) ? null : Convert.ToString(reader.GetValue(c), CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }
}
