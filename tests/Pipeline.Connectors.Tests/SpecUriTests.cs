using Pipeline.Core.Errors;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Connectors.Tests;

/// <summary>Spec files with URIs in <c>source:</c> and <c>sinks:</c>, run like <c>pipeline run</c>: the rows arrive,
/// and the password (a secret from the environment) appears nowhere in the run folder.</summary>
[Collection("mysql")]
public sealed class SpecUriTests(MySqlServer server)
{
    [Fact]
    public async Task A_spec_reads_and_writes_uris_and_keeps_the_secret_out_of_the_run_folder()
    {
        var db = server.CreateDatabase();
        var user = "s" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Sp3c;Secret,Value";
        server.Execute(null, $"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'; GRANT ALL ON {db}.* TO '{user}'@'%'");
        server.Execute(db, "CREATE TABLE orders (id INT, amount DECIMAL(8,2)); INSERT INTO orders VALUES (1, 10.50), (2, -3.00), (3, 7.25)");
        using var dir = new TempDirectory();
        var spec = dir.File("spec.yaml");
        File.WriteAllText(spec, $$"""
            source: "mysql://{{user}}:${CONN20_SPEC_PASS}@{{server.Host}}:{{server.Port}}/{{db}}?table=orders"
            sinks:
              - out.csv
              - path: "mysql://{{user}}:${CONN20_SPEC_PASS}@{{server.Host}}:{{server.Port}}/{{db}}?table=orders_copy&mode=create"
            """);
        Environment.SetEnvironmentVariable("CONN20_SPEC_PASS", password);
        try
        {
            var parsed = SpecReader.ReadFile(spec);
            var runFolder = dir.File("run");
            var result = await SpecRunner.RunAsync(new SpecRunRequest { Spec = parsed, RunFolder = runFolder });
            Assert.Null(result.Error);
            Assert.Equal(3, result.Results.Rows.Written);
            Assert.Equal([3L], server.Column(db, "SELECT COUNT(*) FROM orders_copy"));
            Assert.Equal(4, File.ReadAllLines(dir.File("out.csv")).Length);
            foreach (var file in Directory.EnumerateFiles(runFolder, "*", SearchOption.AllDirectories))
                Assert.DoesNotContain("Sp3c", File.ReadAllText(file), StringComparison.Ordinal);
            Assert.Contains($"mysql://{user}@{server.Host}:{server.Port}/{db}", File.ReadAllText(Path.Combine(runFolder, "results.json")), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CONN20_SPEC_PASS", null);
        }
    }

    [Fact]
    public void A_bad_uri_in_a_spec_is_reported_at_its_line()
    {
        using var dir = new TempDirectory();
        var spec = dir.File("spec.yaml");
        File.WriteAllText(spec, "name: x\nsource: \"mysql://h/db?table=t&query=select%201\"\n");
        var ex = Assert.Throws<PipelineException>(() => SpecReader.ReadFile(spec));
        Assert.Contains(":2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not both", ex.Message, StringComparison.Ordinal);
    }
}
