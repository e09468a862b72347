using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Tests.Operators;

/// <summary>
/// A small generated table for the join tests: rows of plain values (long, string, double or null) and column
/// types among int32, int64, string, dictionary-encoded string and double, turned into batches on demand. The
/// reference join reads the plain values, never Arrow.
/// </summary>
internal sealed class HashJoinTestTable(IReadOnlyList<(string Name, string Type)> columns, List<object?[]> rows)
{
    public IReadOnlyList<(string Name, string Type)> Columns => columns;

    public List<object?[]> Rows => rows;

    public Schema Schema
    {
        get
        {
            var builder = new Schema.Builder();
            foreach (var (name, type) in columns) builder.Field(new Field(name, ArrowType(type), nullable: true));
            return builder.Build();
        }
    }

    public int Index(string name) => columns.Select(c => c.Name).ToList().IndexOf(name);

    private static IArrowType ArrowType(string type) => type switch
    {
        "i32" => Int32Type.Default,
        "i64" => Int64Type.Default,
        "str" => StringType.Default,
        "dict" => new DictionaryType(Int32Type.Default, StringType.Default, false),
        "f64" => DoubleType.Default,
        _ => throw new ArgumentException(type),
    };

    /// <summary>
    /// Rows: key columns draw from <paramref name="keyDomain"/> values (about one in <paramref name="nullEvery"/> null)
    /// so keys repeat on both sides; other columns carry the row number so every output row is distinguishable.
    /// </summary>
    public static HashJoinTestTable Generate(IReadOnlyList<(string Name, string Type)> columns, ISet<string> keys, int count, int keyDomain, int nullEvery, int seed)
    {
        var random = new Random(seed);
        var rows = new List<object?[]>();
        for (int i = 0; i < count; i++)
        {
            var row = new object?[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                var (name, type) = columns[c];
                if (keys.Contains(name))
                {
                    if (random.Next(nullEvery) == 0) { row[c] = null; continue; }
                    int k = random.Next(keyDomain);
                    row[c] = type is "str" or "dict" ? $"key{k}" : type == "f64" ? (object)(double)k : k;
                }
                else row[c] = type is "str" or "dict" ? $"{name}{seed}-{i}" : type == "f64" ? i + 0.5 : (object)(long)(i * 10 + seed);
            }
            rows.Add(row);
        }
        return new HashJoinTestTable(columns, rows);
    }

    public IEnumerable<RecordBatch> Batches(int batchSize)
    {
        for (int start = 0; start < rows.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, rows.Count - start);
            var arrays = new IArrowArray[columns.Count];
            for (int c = 0; c < columns.Count; c++) arrays[c] = Build(columns[c].Type, rows.Skip(start).Take(n).Select(r => r[c]).ToList());
            yield return new RecordBatch(Schema, arrays, n);
        }
    }

    private static IArrowArray Build(string type, List<object?> values)
    {
        switch (type)
        {
            case "i32":
                {
                    var b = new Int32Array.Builder();
                    foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(Convert.ToInt32(v, CultureInfo.InvariantCulture));
                    return b.Build();
                }
            case "i64":
                {
                    var b = new Int64Array.Builder();
                    foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(Convert.ToInt64(v, CultureInfo.InvariantCulture));
                    return b.Build();
                }
            case "f64":
                {
                    var b = new DoubleArray.Builder();
                    foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(Convert.ToDouble(v, CultureInfo.InvariantCulture));
                    return b.Build();
                }
            case "str":
                {
                    var b = new StringArray.Builder();
                    foreach (var v in values) if (v is null) b.AppendNull(); else b.Append((string)v);
                    return b.Build();
                }
            default:
                {
                    // Each batch gets its own dictionary, in reverse order of first use, so indices differ between batches.
                    var entries = values.OfType<string>().Distinct().Reverse().ToList();
                    var indices = new Int32Array.Builder();
                    foreach (var v in values) if (v is null) indices.AppendNull(); else indices.Append(entries.IndexOf((string)v));
                    var dictionary = new StringArray.Builder().AppendRange(entries).Build();
                    return new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), indices.Build(), dictionary);
                }
        }
    }

    /// <summary>A value as <see cref="OperatorTestKit.Format"/> writes it.</summary>
    public static string Text(object? value) => value switch
    {
        null => "∅",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
