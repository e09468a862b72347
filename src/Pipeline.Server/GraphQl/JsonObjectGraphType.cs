using System.Text.Json;
using GraphQL.Types;

namespace Pipeline.Server.GraphQl;

/// <summary>
/// A GraphQL object type over a section of <c>results.json</c>: each field reads one key of the JSON object, so the
/// GraphQL view and the file never disagree (the file stays the one source of truth; its keys are documented in
/// docs/results-schema.md).
/// </summary>
internal abstract class JsonObjectGraphType : ObjectGraphType<JsonElement>
{
    /// <summary>A text field read from <paramref name="key"/>.</summary>
    protected void Text(string name, string key, string description)
        => Field<StringGraphType>(name).Description(description).Resolve(c => Json.Text(c.Source, key));

    /// <summary>A number field read from <paramref name="key"/>.</summary>
    protected void Number(string name, string key, string description)
        => Field<FloatGraphType>(name).Description(description).Resolve(c => Json.Number(c.Source, key));

    /// <summary>An integer field read from <paramref name="key"/>.</summary>
    protected void Integer(string name, string key, string description)
        => Field<LongGraphType>(name).Description(description).Resolve(c => Json.Integer(c.Source, key));

    /// <summary>A true/false field read from <paramref name="key"/>.</summary>
    protected void Flag(string name, string key, string description)
        => Field<BooleanGraphType>(name).Description(description).Resolve(c => Json.Flag(c.Source, key));

    /// <summary>A list-of-text field read from <paramref name="key"/>.</summary>
    protected void Texts(string name, string key, string description)
        => Field<ListGraphType<NonNullGraphType<StringGraphType>>>(name).Description(description)
            .Resolve(c => Json.Items(c.Source, key).Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()).ToList());
}

/// <summary>Reads keys of a JSON object leniently: a missing key or another kind of value is null, never an error.</summary>
internal static class Json
{
    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public static JsonElement? Get(JsonElement element, string key)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>A string (or any scalar's text), or null.</summary>
    public static string? Text(JsonElement element, string key) => Get(element, key) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>A number, or null.</summary>
    public static double? Number(JsonElement element, string key)
        => Get(element, key) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    /// <summary>An integer, or null.</summary>
    public static long? Integer(JsonElement element, string key)
        => Get(element, key) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out long n) ? n : null;

    /// <summary>A boolean, or null.</summary>
    public static bool? Flag(JsonElement element, string key) => Get(element, key) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>The items of an array, or none.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement element, string key)
        => Get(element, key) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];
}
