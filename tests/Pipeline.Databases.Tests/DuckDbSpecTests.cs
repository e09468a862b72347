using Pipeline.Core.Errors;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

public sealed class DuckDbSpecTests
{
    [Fact]
    public async Task SpecWithSqlSourceAndDuckDbSinkRunsEndToEnd()
    {
        using var dir = new TempDirectory();
        dir.WriteText("orders.csv", "id,customer,amount\n1,Zoë,12.50\n2,名前,3.25\n3,,0\n");
        var specPath = dir.WriteText("spec.yaml", """
            source:
              sql: "select id, customer, amount from read_csv('orders.csv') order by id"
            sinks:
              - duckdb: {database: out/warehouse.duckdb, table: orders, mode: replace}
            """);
        // 'orders.csv' resolves against the spec's folder, not the working directory.
        var result = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(specPath), RunFolder = dir.File("run") });

        Assert.Null(result.Error);
        Assert.Equal(3, result.Results.Rows.Read);
        Assert.Equal(3, result.Results.Rows.Written);
        var db = dir.File("out/warehouse.duckdb");
        Assert.Equal(["1:Zoë", "2:名前", "3:"], DuckDbTests.Query(db, "select id || ':' || coalesce(customer, '') from orders order by id"));
        var input = Assert.Single(result.Results.Inputs);
        Assert.StartsWith("duckdb://:memory: (select id", input.Path);
        Assert.Equal("duckdb", input.Format);
        var output = Assert.Single(result.Results.Outputs);
        Assert.Equal($"duckdb://{db} (table orders)", output.Path);
        Assert.True(File.Exists(dir.File("run/results.json")));
    }

    [Fact]
    public async Task DuckDbFileSourceFeedsAnotherTable()
    {
        using var dir = new TempDirectory();
        var db = dir.File("w.duckdb");
        Runs.Copy(new SampleSource(2, 500), new DuckDb.DuckDbSink(db, "orders"));
        var spec = SpecReader.Parse("""
            source: {duckdb: {database: w.duckdb, query: "select * from orders where id < 100 order by id"}}
            sinks:
              - {duckdb: {database: w.duckdb, table: small, mode: create}}
            """, dir.File("spec.yaml"));
        var result = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec });
        Assert.Null(result.Error);
        var rows = SampleTable.ReadRows(new DuckDb.DuckDbSource(db, "select * from small order by id"));
        Assert.Equal(Enumerable.Range(0, 100).Select(n => SampleTable.ExpectedRow(n)), rows);
    }

    [Theory]
    [InlineData("source: {duckdb: {databse: x.duckdb, query: 'select 1'}}", "did you mean 'database'")]
    [InlineData("source: {duckdb: {database: x.duckdb}}", "needs 'query:'")]
    [InlineData("source: {sql: 'select 1', path: x.csv}", "exactly one key")]
    [InlineData("source: x.csv\nsinks: [{duckdb: {database: x.duckdb, table: t, mode: upsert}}]", "must be one of create, append, replace")]
    [InlineData("source: x.csv\nsinks: [{duckdb: {database: x.duckdb}}]", "needs 'table:'")]
    public void SpecMistakesAreReportedWithTheirLocation(string yaml, string expected)
    {
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse(yaml, "/tmp/spec.yaml"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("/tmp/spec.yaml:", error.Message);
    }
}
