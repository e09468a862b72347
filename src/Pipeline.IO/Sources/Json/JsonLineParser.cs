using System.Text;
using System.Text.Json;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Json;

/// <summary>
/// Parses one JSON line into (column name, value) pairs. Nested objects become dotted names
/// (<c>address.city</c>) in <see cref="NestedJsonMode.Flatten"/> mode or one string column holding the object's JSON
/// text in <see cref="NestedJsonMode.AsJsonString"/> mode. Arrays are always kept as their JSON text, because a
/// column per array position would make the schema depend on the data's longest array.
/// </summary>
internal static class JsonLineParser
{
    /// <summary>Parses a line; returns an error message (and no values) when it is not a JSON object.</summary>
    public static string? TryParse(ReadOnlySpan<byte> line, NestedJsonMode mode, List<KeyValuePair<string, JsonCell>> values)
    {
        values.Clear();
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        try
        {
            if (!reader.Read()) return "empty line";
            if (reader.TokenType != JsonTokenType.StartObject) return $"expected a JSON object, found {Describe(reader.TokenType)}";
            ReadObject(ref reader, line, prefix: null, mode, values);
            if (reader.Read()) return "unexpected text after the JSON object";
            return null;
        }
        catch (JsonException ex)
        {
            values.Clear();
            return $"invalid JSON at byte {ex.BytePositionInLine}: {FirstSentence(ex.Message)}";
        }
        catch (InvalidOperationException ex)
        {
            // A string that cannot become text: invalid UTF-8 bytes, or an escape naming a lone surrogate (\ud800).
            values.Clear();
            return $"invalid text in a JSON string at byte {reader.TokenStartIndex}: {FirstSentence(ex.Message)}";
        }
    }

    private static void ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, string? prefix, NestedJsonMode mode, List<KeyValuePair<string, JsonCell>> values)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = prefix is null ? reader.GetString()! : prefix + "." + reader.GetString();
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when mode == NestedJsonMode.Flatten:
                    ReadObject(ref reader, line, name, mode, values);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    long start = reader.TokenStartIndex;
                    reader.Skip();
                    var raw = Encoding.UTF8.GetString(line[(int)start..(int)reader.BytesConsumed]);
                    values.Add(new(name, new JsonCell(JsonKind.String, 0, 0, false, raw)));
                    break;
                case JsonTokenType.String:
                    values.Add(new(name, new JsonCell(JsonKind.String, 0, 0, false, reader.GetString())));
                    break;
                case JsonTokenType.Number:
                    var text = Encoding.UTF8.GetString(reader.ValueSpan);
                    if (reader.TryGetInt64(out long i)) values.Add(new(name, new JsonCell(JsonKind.Int, i, i, false, text)));
                    else if (IsInteger(reader.ValueSpan)) values.Add(new(name, new JsonCell(JsonKind.String, 0, 0, false, text))); // beyond int64: keep exact digits
                    else values.Add(new(name, new JsonCell(JsonKind.Double, 0, reader.GetDouble(), false, text)));
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    bool b = reader.TokenType == JsonTokenType.True;
                    values.Add(new(name, new JsonCell(JsonKind.Bool, 0, 0, b, b ? "true" : "false")));
                    break;
                default:
                    values.Add(new(name, default));
                    break;
            }
        }
    }

    private static readonly System.Buffers.SearchValues<byte> FractionOrExponent = System.Buffers.SearchValues.Create(".eE"u8);

    private static bool IsInteger(ReadOnlySpan<byte> number) => number.IndexOfAny(FractionOrExponent) < 0;

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
