using Pipeline.Hosting.Building;
using Pipeline.Engine.Validate;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

/// <summary>The fluent .NET API with database sources and sinks: the issue's own example shape,
/// <c>DataPipeline.From(Source.Parquet(path)).Validate(rules).Profile().To(Sink.DuckDb(db, "orders")).RunAsync()</c>.</summary>
public sealed class EmbeddingApiTests
{
    [Fact]
    public async Task Validated_rows_land_in_a_duckdb_table_and_read_back_through_sql()
    {
        using var dir = new TempDirectory();
        var database = dir.File("warehouse.duckdb");
        var orders = System.IO.Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv");
        var results = await DataPipeline
            .From(Source.Csv(orders))
            .Validate(Rules.For("amount").GreaterThan(0))
            .Profile()
            .To(Sink.DuckDb(database, "orders"))
            .RunAsync();
        Assert.True(results.Rows.Written > 0);
        Assert.Contains(results.Outputs, o => o.Path.StartsWith("duckdb://", StringComparison.Ordinal) && o.Path.Contains("orders", StringComparison.Ordinal));

        long counted = 0;
        await using var back = DataPipeline.From(Source.Sql("select count(*) as n, min(amount) as low from orders", database)).Stream();
        await foreach (var batch in back.Batches)
            using (batch)
            {
                counted = ((Apache.Arrow.Int64Array)batch.Column("n")).GetValue(0)!.Value;
                Assert.True(((Apache.Arrow.DoubleArray)batch.Column("low")).GetValue(0) > 0);
            }
        Assert.Equal(results.Rows.Written, counted);
    }
}
