using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipeline.Server.Http;

namespace Pipeline.Server.GraphQl;

/// <summary>
/// <c>POST /graphql</c>: read-only queries over runs, their results (rules, insights, quality, drift) and the run
/// history, executed by GraphQL.NET. Bounded like the rest of the server: the request body, the query's depth and
/// complexity, and the items a list returns; the same API key and rate limit as REST.
/// </summary>
internal static class GraphQlEndpoint
{
    /// <summary>The largest request body (query and variables).</summary>
    public const int MaxRequestBytes = 64 << 10;

    /// <summary>How deep a query may nest fields.</summary>
    public const int MaxDepth = 8;

    /// <summary>The most a query may cost (GraphQL.NET's complexity: each field 1, a list's children ×10).</summary>
    public const int MaxComplexity = 20_000;

    private static readonly Lazy<ISchema> Schema = new(() =>
    {
        var schema = new Schema { Query = new QueryGraphType() };
        schema.Initialize();
        return schema;
    });

    private static readonly GraphQLSerializer Serializer = new();
    private static readonly DocumentExecuter Executer = new();
    private static readonly IValidationRule[] Rules =
        [.. DocumentValidator.CoreRules, new ComplexityValidationRule(new ComplexityOptions { MaxDepth = MaxDepth, MaxComplexity = MaxComplexity })];

    /// <summary>The schema in GraphQL's schema language (served at <c>GET /graphql/schema</c>).</summary>
    public static string SchemaText => Schema.Value.Print();

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/graphql", ExecuteAsync).WithName("GraphQL")
            .WithSummary("Read-only GraphQL over runs, results and history: {\"query\": ..., \"variables\": {...}} (docs/serve.md#graphql)");
        app.MapGet("/graphql/schema", () => Results.Text(SchemaText, "text/plain")).WithName("GraphQLSchema")
            .WithSummary("The GraphQL schema in schema language");
    }

    private static async Task ExecuteAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxRequestBytes)
        {
            await Problems.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"a GraphQL request holds at most {MaxRequestBytes / 1024} KiB");
            return;
        }
        // Read at most the limit (a chunked body has no Content-Length), then parse from memory.
        var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxRequestBytes)
            {
                await Problems.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"a GraphQL request holds at most {MaxRequestBytes / 1024} KiB");
                return;
            }
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        GraphQLRequest? request;
        try
        {
            request = await Serializer.ReadAsync<GraphQLRequest>(body, http.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            await Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "Bad request", $"the body is not a GraphQL request (JSON with \"query\"): {ex.Message}");
            return;
        }
        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "Bad request", "the body needs a \"query\"");
            return;
        }
        var result = await Executer.ExecuteAsync(o =>
        {
            o.Schema = Schema.Value;
            o.Query = request.Query;
            o.Variables = request.Variables;
            o.OperationName = request.OperationName;
            o.RequestServices = http.RequestServices;
            o.CancellationToken = http.RequestAborted;
            o.ValidationRules = Rules;
            // GraphQL.NET hides the messages of unexpected exceptions ("Error executing document."); the one thrown for
            // an operation the schema has no root for (a mutation or subscription) says exactly what is wrong.
            o.UnhandledExceptionDelegate = e =>
            {
                if (e.FieldContext is null && e.OriginalException is InvalidOperationException invalid)
                    e.ErrorMessage = invalid.Message + " (this GraphQL endpoint is read-only: submit and cancel runs through REST)";
                return Task.CompletedTask;
            };
        });
        // GraphQL over HTTP: a request that could not be executed (syntax, validation) is a 400; errors inside an
        // executed query come back in "errors" beside the data with 200.
        http.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
        await Serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
