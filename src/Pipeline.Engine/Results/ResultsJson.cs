using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>Serialises <see cref="RunResults"/> with the documented conventions: snake_case keys, indented, UTF-8.</summary>
public static class ResultsJson
{
    /// <summary>The serializer settings used for every machine-readable document Pipeline writes.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the results to a file atomically (temporary name, then rename).</summary>
    public static void Write(RunResults results, string path)
    {
        Core.Files.AtomicWrite.WriteText(path, Serialize(results));
    }

    /// <summary>The JSON text of the results.</summary>
    public static string Serialize(RunResults results) => JsonSerializer.Serialize(results, Options) + "\n";

    /// <summary>Reads results back (for tests and tools).</summary>
    public static RunResults Read(string path)
        => JsonSerializer.Deserialize<RunResults>(File.ReadAllText(path), Options)
           ?? throw new InvalidDataException($"{path}: empty results document");
}
