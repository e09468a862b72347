using Npgsql;
using Pipeline.Core.Errors;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSpecTests(PostgresServer server)
{
    private const string SecretVariable = "PIPELINE_TEST_PG_SECRET";

    /// <summary>The test database's connection string with a password taken from the environment (trust
    /// authentication ignores it, so the run works and the secret's absence from the outputs is meaningful).</summary>
    private (string SpecConnection, string Secret) WithSecret(string connectionString)
    {
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N")[..12];
        Environment.SetEnvironmentVariable(SecretVariable, secret);
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return ($"Host={b.Host};Port={b.Port};Username={b.Username};Database={b.Database};Password=${{{SecretVariable}}}", secret);
    }

    [Fact]
    public async Task PostgresToDuckDbAndBackThroughSpecsKeepsSecretsOutOfResults()
    {
        var cs = server.CreateDatabase();
        Runs.Copy(new SampleSource(2, 500), new Postgres.PostgresSink(cs, "orders"));
        var (connection, secret) = WithSecret(cs);
        using var dir = new TempDirectory();

        var toDuck = SpecReader.Parse($$$"""
            source:
              postgres: {connection: "{{{connection}}}", query: "select * from orders order by id"}
            sinks:
              - duckdb: {database: w.duckdb, table: orders}
            """, dir.File("a.yaml"));
        var first = await SpecRunner.RunAsync(new SpecRunRequest { Spec = toDuck, RunFolder = dir.File("run1") });
        Assert.Null(first.Error);
        Assert.Equal(1000, first.Results.Rows.Written);
        Assert.StartsWith("postgres://127.0.0.1:", Assert.Single(first.Results.Inputs).Path);

        var back = SpecReader.Parse($$$"""
            source: {duckdb: {database: w.duckdb, table: orders}}
            sinks:
              - postgres: {connection: "{{{connection}}}", table: orders_copy, mode: create}
            """, dir.File("b.yaml"));
        var second = await SpecRunner.RunAsync(new SpecRunRequest { Spec = back, RunFolder = dir.File("run2") });
        Assert.Null(second.Error);
        Assert.Equal(SampleTable.ReadRows(new Postgres.PostgresSource(cs, "select * from orders order by id")),
                     SampleTable.ReadRows(new Postgres.PostgresSource(cs, "select * from orders_copy order by id")));

        var failing = SpecReader.Parse($$$"""
            source: {postgres: {connection: "{{{connection}}}", table: nosuch}}
            """, dir.File("c.yaml"));
        var third = await SpecRunner.RunAsync(new SpecRunRequest { Spec = failing, RunFolder = dir.File("run3") });
        Assert.NotNull(third.Error);
        Assert.Equal("invalid_input", third.Results.Error!.Kind);
        Assert.Contains("nosuch", third.Results.Error.Message);

        foreach (var run in new[] { "run1", "run2", "run3" })
        {
            var json = File.ReadAllText(Path.Combine(dir.File(run), SpecRunner.ResultsFileName));
            Assert.DoesNotContain(secret, json);
            Assert.DoesNotContain("Password", json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void MissingEnvironmentVariableIsNamedInTheError()
    {
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse("""
            source: {postgres: {connection: "Host=x;Password=${PIPELINE_TEST_UNSET_VARIABLE}", query: "select 1"}}
            """, "/tmp/spec.yaml"));
        Assert.Contains("PIPELINE_TEST_UNSET_VARIABLE", error.Message);
        Assert.Contains("/tmp/spec.yaml:1:", error.Message);
    }

    [Fact]
    public async Task SqliteSourceRunsFromASpec()
    {
        using var dir = new TempDirectory();
        var db = dir.File("app.sqlite");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "create table t (id INTEGER, ok BOOLEAN); insert into t values (1, 1), (2, 0), (3, null)";
            command.ExecuteNonQuery();
        }
        var cs = server.CreateDatabase();
        var spec = SpecReader.Parse($$$"""
            source: {sqlite: {database: app.sqlite, table: t}}
            sinks: [{postgres: {connection: "{{{cs}}}", table: flags}}]
            """, dir.File("spec.yaml"));
        var result = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec });
        Assert.Null(result.Error);
        Assert.Equal(["1:true", "2:false", "3:"], PostgresServer.Query(cs, "select id || ':' || coalesce(ok::text, '') from flags order by id"));
    }
}
