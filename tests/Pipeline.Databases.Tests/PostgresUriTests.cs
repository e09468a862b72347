using Npgsql;
using Pipeline.Hosting.Building;
using Pipeline.Hosting.Connectors;
using Pipeline.TestSupport;

namespace Pipeline.Databases.Tests;

/// <summary><c>postgres://</c> URIs against the real server: read a table, write one, describe it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresUriTests(PostgresServer server)
{
    private static string Uri(string connectionString, string query)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}?{query}";
    }

    [Fact]
    public async Task A_postgres_uri_reads_writes_and_describes_tables()
    {
        var db = server.CreateDatabase();
        PostgresServer.Execute(db, "CREATE TABLE src (id int, name text); INSERT INTO src VALUES (1, 'ä'), (2, NULL); ANALYZE src");
        var (schema, batches) = BatchReading.ReadAll(Addresses.Source(Uri(db, "table=src"), new IO.Formats.SourceOptions()).Instance!);
        Assert.Equal(["id", "name"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(2, batches.Sum(b => b.Length));
        foreach (var b in batches) b.Dispose();

        var results = await DataPipeline.From(Uri(db, "query=" + System.Uri.EscapeDataString("SELECT * FROM src WHERE id > 1"))).To(Uri(db, "table=dst&mode=create")).RunAsync();
        Assert.Equal(1, results.Rows.Written);
        Assert.Equal(["2"], PostgresServer.Query(db, "SELECT id FROM dst"));

        var address = Core.Connectors.ConnectorAddress.Parse(Uri(db, "table=src"));
        var facts = await Addresses.Registry.For(address).DescribeAsync(address, CancellationToken.None);
        Assert.Equal(2, facts.EstimatedRows);
    }
}
