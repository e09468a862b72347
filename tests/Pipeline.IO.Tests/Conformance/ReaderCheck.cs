using System.Text.Json;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>
/// The third-party reader results in <c>reader_check.jsonl</c> (hyparquet / arrow-js): per file the rows the reader
/// decoded (<c>read_rows</c>) and the footer's row count (<c>num_rows</c>).
/// </summary>
internal static class ReaderCheck
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Entries = new(Load);

    /// <summary>Rows a third-party reader decoded, else the footer's count; null when neither is recorded.</summary>
    public static long? ExpectedRows(string relativePath)
    {
        if (!Entries.Value.TryGetValue(relativePath, out var entry)) return null;
        if (entry.TryGetProperty("read_rows", out var read)) return read.GetInt64();
        if (entry.TryGetProperty("num_rows", out var footer)) return footer.GetInt64();
        return null;
    }

    private static Dictionary<string, JsonElement> Load()
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Corpus.Path("reader_check.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var element = JsonDocument.Parse(line).RootElement;
            var file = element.GetProperty("file").GetString()!;
            // A file can appear twice (metadata line, then a crash/timeout line): keep the first, which has the counts.
            result.TryAdd(file, element);
        }
        return result;
    }
}
