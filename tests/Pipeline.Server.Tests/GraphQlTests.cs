using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pipeline.Server.Tests;

/// <summary><c>POST /graphql</c> through the real Kestrel: runs, their results and the history, with filters, and the
/// limits that keep a query cheap.</summary>
public sealed class GraphQlTests
{
    private const string Rules = """
        source: datasets/orders_2024-03-01.csv
        profile: true
        rules:
          - {name: amount_small, column: amount, less_than: 100, severity: warn}
          - {name: id_present, column: id, not_null: true}
          - {name: category_known, column: category, in_set: [a, b, c]}
        sinks: [out.csv]
        """;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> QueryAsync(ServedInstance served, string query, object? variables = null)
    {
        using var response = await served.Client.PostAsJsonAsync("/graphql", new { query, variables });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Runs_results_and_history_are_queried_with_filters_and_agree_with_the_rest_endpoints()
    {
        await using var served = await ServedInstance.StartAsync();
        await served.UploadAsync("orders_2024-03-01.csv", TestData.Csv(200));
        var first = await served.SubmitOkAsync(Rules);
        await served.WaitAsync(first);
        var second = await served.SubmitOkAsync(Rules);
        var rest = await served.WaitAsync(second);

        var (status, body) = await QueryAsync(served, """
            query ($id: ID!) {
              run(id: $id) {
                id status dataset rowsRead qualityScore
                rows { read written quarantined }
                failed: rules(failedOnly: true) { name severity passed failedRows }
                all: rules { name }
                insights(limit: 3) { kind title score severity columns }
              }
              runs(status: "checks_failed") { id }
              missing: run(id: "nope") { id }
            }
            """, new { id = second });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.False(body.TryGetProperty("errors", out _), body.ToString());
        var run = body.GetProperty("data").GetProperty("run");
        var results = rest.GetProperty("results");
        Assert.Equal(second, run.GetProperty("id").GetString());
        Assert.Equal(rest.GetProperty("status").GetString(), run.GetProperty("status").GetString());
        Assert.Equal("orders", run.GetProperty("dataset").GetString());
        Assert.Equal(200, run.GetProperty("rowsRead").GetInt64());
        Assert.Equal(results.GetProperty("rows").GetProperty("written").GetInt64(), run.GetProperty("rows").GetProperty("written").GetInt64());
        Assert.Equal(results.GetProperty("quality").GetProperty("score").GetDouble(), run.GetProperty("qualityScore").GetDouble());
        Assert.Equal(["amount_small", "id_present", "category_known"], run.GetProperty("all").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        // amount = id × 1.5 reaches 100 from id 67: 134 rows fail the warn rule; the other two pass.
        var failed = Assert.Single(run.GetProperty("failed").EnumerateArray());
        Assert.Equal("amount_small", failed.GetProperty("name").GetString());
        Assert.Equal(134, failed.GetProperty("failedRows").GetInt64());
        Assert.False(failed.GetProperty("passed").GetBoolean());
        var insights = run.GetProperty("insights").EnumerateArray().ToList();
        Assert.InRange(insights.Count, 1, 3);
        Assert.Equal(results.GetProperty("insights")[0].GetProperty("title").GetString(), insights[0].GetProperty("title").GetString());
        Assert.Empty(body.GetProperty("data").GetProperty("runs").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").GetProperty("missing").ValueKind);

        (status, body) = await QueryAsync(served, """
            { history(dataset: "orders_2024-03-01.csv", limit: 5) { runId status rowsRead columns(name: "amount") { name rows nulls min max mean quantiles } } }
            """);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var history = body.GetProperty("data").GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(results.GetProperty("run_id").GetString(), history[0].GetProperty("runId").GetString());
        var amount = Assert.Single(history[0].GetProperty("columns").EnumerateArray());
        Assert.Equal(200, amount.GetProperty("rows").GetInt64());
        Assert.Equal(0, amount.GetProperty("nulls").GetInt64());
        Assert.Equal(150.75, amount.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(7, amount.GetProperty("quantiles").GetArrayLength());
    }

    [Fact]
    public async Task Mutations_deep_or_costly_queries_bad_limits_and_oversized_bodies_are_refused_clearly()
    {
        await using var served = await ServedInstance.StartAsync();

        var (status, body) = await QueryAsync(served, "mutation { runs { id } }");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("mutation", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        (status, body) = await QueryAsync(served, "{ runs { id nosuchfield } }");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("nosuchfield", body.GetProperty("errors")[0].GetProperty("message").GetString());

        // Ordinary queries pass; hundreds of aliased list fields exceed the complexity bound.
        (status, body) = await QueryAsync(served, "{ runs { rules { name } insights { title } } history(dataset: \"x\") { columns { name } } a: runs { rows { read } } }");
        Assert.Equal(HttpStatusCode.OK, status);
        var many = string.Concat(Enumerable.Range(0, 400).Select(i => $"r{i}: runs(limit: 200) {{ rules {{ name kind }} insights {{ title columns }} }} "));
        (status, body) = await QueryAsync(served, "{ " + many + "}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("complexity", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        (status, body) = await QueryAsync(served, "{ runs(limit: 100000) { id } }");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("limit: 100000 must be between 1 and 200", body.GetProperty("errors")[0].GetProperty("message").GetString());

        (status, body) = await QueryAsync(served, "{ runs { id ");
        Assert.Equal(HttpStatusCode.BadRequest, status);

        using var big = await served.Client.PostAsync("/graphql", new StringContent("{\"query\": \"" + new string(' ', 70_000) + "{ runs { id } }\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        using var notJson = await served.Client.PostAsync("/graphql", new StringContent("runs", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var schema = await served.Client.GetStringAsync("/graphql/schema");
        Assert.Contains("type Query", schema);
        Assert.DoesNotContain("type Mutation", schema);
    }
}
