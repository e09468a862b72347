using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// Builds the keys the uniqueness rules count: one 64-bit key per row for a single number, date or boolean column
/// (numbers by value, so 1 and 1.0 are equal and -0 equals 0), canonical text otherwise (each column's display text,
/// joined with U+001F). A row with a null key column is skipped; <c>primary_key</c> counts such rows as failures.
/// </summary>
internal static class RuleKeys
{
    private const char Separator = '\u001F';

    /// <summary>A counter of the right key type for <paramref name="rule"/> over columns of <paramref name="kinds"/>.</summary>
    public static IDistinctKeyCounter CreateCounter(Rule rule, IReadOnlyList<ValueKind> kinds, PipelineContext? context)
    {
        if (kinds.Count == 1 && kinds[0] != ValueKind.String)
        {
            var kind = kinds[0];
            return new DistinctKeyCounter<long>(context, rule.Name, k => LongDisplay(k, kind), Int64Type.Default, list =>
            {
                var b = new Int64Array.Builder();
                foreach (var v in list) b.Append(v);
                return b.Build();
            });
        }
        return new DistinctKeyCounter<string>(context, rule.Name, k => kinds.Count == 1 ? "'" + k + "'" : "(" + k.Replace(Separator.ToString(), ", ", StringComparison.Ordinal) + ")",
            StringType.Default, list =>
            {
                var b = new StringArray.Builder();
                foreach (var v in list) b.Append(v);
                return b.Build();
            });
    }

    /// <summary>Adds a batch's keys; returns how many rows were skipped for a null key column.</summary>
    public static int Add(IDistinctKeyCounter counter, IReadOnlyList<Vec> columns, int length)
    {
        bool[]? nulls = null;
        foreach (var v in columns) nulls = Vec.OrNulls(nulls, v.Nulls);
        int skipped = 0;
        if (nulls is not null) foreach (var n in nulls) if (n) skipped++;
        if (counter is DistinctKeyCounter<long> longs)
        {
            var v = columns[0];
            var keys = new long[length];
            switch (v.Kind)
            {
                case ValueKind.Number:
                    for (int i = 0; i < length; i++) { double d = v.Numbers![i]; keys[i] = BitConverter.DoubleToInt64Bits(d == 0 ? 0 : d); }
                    break;
                case ValueKind.Time: System.Array.Copy(v.Times!, keys, length); break;
                default: for (int i = 0; i < length; i++) keys[i] = v.Bools![i] ? 1 : 0; break;
            }
            longs.Add(keys, nulls, length);
            return skipped;
        }
        var texts = new string[length];
        if (columns.Count == 1 && columns[0].Kind == ValueKind.String)
        {
            var s = columns[0].Strings!;
            for (int i = 0; i < length; i++) texts[i] = s[i] ?? "";
        }
        else
        {
            var sb = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                if (nulls is not null && nulls[i]) { texts[i] = ""; continue; }
                sb.Clear();
                for (int c = 0; c < columns.Count; c++)
                {
                    if (c > 0) sb.Append(Separator);
                    sb.Append(RowCheck.Display(columns[c], i));
                }
                texts[i] = sb.ToString();
            }
        }
        ((DistinctKeyCounter<string>)counter).Add(texts, nulls, length);
        return skipped;
    }

    private static string LongDisplay(long key, ValueKind kind) => kind switch
    {
        ValueKind.Number => BitConverter.Int64BitsToDouble(key).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.Time => RowCheck.Display(new Vec { Kind = ValueKind.Time, Length = 1, Times = [key] }, 0),
        _ => key == 1 ? "true" : "false",
    };
}
