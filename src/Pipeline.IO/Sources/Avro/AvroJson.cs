using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Avro;
using Avro.Generic;

namespace Pipeline.IO.Sources.Avro;

/// <summary>Avro values as text: JSON for arrays, maps, records and unions of several types (bytes as base64),
/// and the exact text of decimals, uuids and enum symbols.</summary>
internal static class AvroJson
{
    /// <summary>A value for a text column.</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        GenericEnum e => e.Value,
        Guid g => g.ToString(),
        AvroDecimal d => d.ToString(),
        _ => Json(value),
    };

    private static string Json(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, value);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float or double: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case string s: w.WriteStringValue(s); break;
            case byte[] bytes: w.WriteStringValue(Convert.ToBase64String(bytes)); break;
            case GenericFixed fixedValue: w.WriteStringValue(Convert.ToBase64String(fixedValue.Value)); break;
            case GenericEnum e: w.WriteStringValue(e.Value); break;
            case DateTime t: w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case GenericRecord record:
                w.WriteStartObject();
                foreach (var field in record.Schema.Fields)
                {
                    w.WritePropertyName(field.Name);
                    Write(w, record.GetValue(field.Pos));
                }
                w.WriteEndObject();
                break;
            case IDictionary map:
                w.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(w, entry.Value);
                }
                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) Write(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
