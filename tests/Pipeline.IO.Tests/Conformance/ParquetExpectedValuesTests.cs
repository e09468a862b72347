using System.Text;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>The four DELTA-encoded parquet-testing files decode to exactly the values of their <c>*_expect.csv</c>
/// (empty field = null), compared cell by cell in column order.</summary>
public sealed class ParquetExpectedValuesTests
{
    [Theory]
    [InlineData("delta_binary_packed")]
    [InlineData("delta_byte_array")]
    [InlineData("delta_encoding_optional_column")]
    [InlineData("delta_encoding_required_column")]
    public void Delta_encoded_file_decodes_to_the_expected_csv_values(string name)
    {
        var lines = File.ReadAllLines(Corpus.Path("parquet-testing", "data", name + "_expect.csv"));
        var expected = lines.Skip(1).Select(l => SplitCsvLine(l).Select(v => v ?? "null").ToArray()).ToList();

        var (_, batches) = SinkRunner.Read("parquet", Corpus.Path("parquet-testing", "data", name + ".parquet"));
        var actual = DeepCells.Of(batches);
        foreach (var b in batches) b.Dispose();

        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
            Assert.True(expected[r].SequenceEqual(actual[r]), $"row {r}: expected [{string.Join("|", expected[r])}] got [{string.Join("|", actual[r])}]");
    }

    // The expectation files use plain RFC 4180 quoting on one line per row; an empty unquoted field is null.
    private static List<string?> SplitCsvLine(string line)
    {
        var fields = new List<string?>();
        var current = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') { quoted = true; wasQuoted = true; }
            else if (c == ',') { fields.Add(current.Length == 0 && !wasQuoted ? null : current.ToString()); current.Clear(); wasQuoted = false; }
            else current.Append(c);
        }
        fields.Add(current.Length == 0 && !wasQuoted ? null : current.ToString());
        return fields;
    }
}
