using System.Text.Json;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Connectors;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline schema URI</c>: the connector's schema and the row count its system estimates.</summary>
internal static class ConnectorSchema
{
    /// <summary>Prints the facts of the connector URI <paramref name="uri"/> (text or JSON); returns the exit code.</summary>
    public static async Task<int> PrintAsync(string uri, bool json, CancellationToken cancellationToken)
    {
        var address = Core.Connectors.ConnectorAddress.Parse(uri);
        var connector = Addresses.Registry.For(address);
        var facts = await connector.DescribeAsync(address, cancellationToken);
        if (json)
        {
            var doc = new
            {
                input = address.Description,
                connector = connector.Name,
                estimated_rows = facts.EstimatedRows,
                notes = facts.Notes,
                columns = facts.Schema.FieldsList.Select(f => new { name = f.Name, type = TypeNames.Describe(f.DataType), nullable = f.IsNullable }),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(doc, ResultsJson.Options));
            return 0;
        }
        Console.Out.WriteLine($"connector: {connector.Name}");
        Console.Out.WriteLine($"input: {address.Description}");
        Console.Out.WriteLine($"estimated rows: {(facts.EstimatedRows is { } rows ? rows.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown")}");
        foreach (var (key, value) in facts.Notes) Console.Out.WriteLine($"{key}: {value}");
        Console.Out.WriteLine("columns:");
        foreach (var f in facts.Schema.FieldsList) Console.Out.WriteLine($"  {f.Name}: {TypeNames.Describe(f.DataType)}{(f.IsNullable ? "" : " not null")}");
        return 0;
    }
}
