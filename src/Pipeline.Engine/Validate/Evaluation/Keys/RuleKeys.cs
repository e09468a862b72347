using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Keys;

/// <summary>
/// Builds the keys the uniqueness rules count. A single integer column keys by its value (exact for every 64-bit id,
/// where a detour through doubles would merge ids above 2^53); a single floating or decimal column by the double's
/// value (-0 equals 0, every NaN is one key); a single date, timestamp or boolean column by its 64-bit value; string
/// columns and compound keys by canonical text (each column's display text, joined with U+001F). A row with a null
/// key column is skipped; <c>primary_key</c> counts such rows as failures.
/// </summary>
internal static class RuleKeys
{
    private const char Separator = '\u001F';

    /// <summary>How a single non-text key column maps to 64-bit keys (dictionary-encoded numbers go through doubles).</summary>
    private enum Flavor { Signed, Unsigned, Double, Time, Bool }

    /// <summary>A counter of the right key type for <paramref name="rule"/> over columns of <paramref name="types"/>.</summary>
    public static IDistinctKeyCounter CreateCounter(Rule rule, IReadOnlyList<IArrowType> types, PipelineContext? context, bool keepKeyValues = false)
    {
        var kinds = types.Select(t => ColumnLoader.KindOf(t)!.Value).ToList();
        if (kinds.Count == 1 && kinds[0] != ValueKind.String)
        {
            var flavor = FlavorOf(types[0], kinds[0]);
            return new DistinctKeyCounter<long>(context, rule.Name, new Int64KeyStore(integers: flavor is Flavor.Signed or Flavor.Unsigned), k => Display(k, flavor), Int64Type.Default, list =>
            {
                var b = new Int64Array.Builder();
                foreach (var v in list) b.Append(v);
                return b.Build();
            }, keepKeyValues ? k => k : null);
        }
        return new DistinctKeyCounter<string>(context, rule.Name, new TextKeyStore(),
            k => kinds.Count == 1 ? "'" + k + "'" : "(" + k.Replace(Separator.ToString(), ", ", StringComparison.Ordinal) + ")",
            StringType.Default, list =>
            {
                var b = new StringArray.Builder();
                foreach (var v in list) b.Append(v);
                return b.Build();
            }, keepKeyValues ? TextKeyValue : null, keyValuesAreHashes: true);
    }

    /// <summary>The 64-bit value a text key is kept as in a mergeable state: XxHash64 (seed 0) of its UTF-8 bytes.
    /// Two of n distinct keys collide with probability at most n²/2⁶⁵ (about 3·10⁻⁶ for 10 million keys).</summary>
    public static long TextKeyValue(string key)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = max > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        int n = System.Text.Encoding.UTF8.GetBytes(key, buffer);
        long value = (long)Kernels.Hashing.ArrowHash.HashBytes(buffer[..n]);
        if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        return value;
    }

    private static Flavor FlavorOf(IArrowType type, ValueKind kind) => type switch
    {
        Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type => Flavor.Signed,
        UInt64Type => Flavor.Unsigned,
        _ => kind switch { ValueKind.Number => Flavor.Double, ValueKind.Time => Flavor.Time, _ => Flavor.Bool },
    };

    /// <summary>
    /// Adds a batch's keys; returns how many rows were skipped for a null key column. <paramref name="column"/>
    /// loads a column as a <see cref="Vec"/> (shared with the batch's other rules) when the keys cannot be taken
    /// from the Arrow array directly.
    /// </summary>
    public static int Add(IDistinctKeyCounter counter, IReadOnlyList<IArrowArray> arrays, Func<int, Vec> column)
    {
        int length = arrays[0].Length;
        bool[]? nulls = null;
        if (arrays.Any(a => a.NullCount > 0))
        {
            nulls = new bool[length];
            foreach (var a in arrays)
                if (a.NullCount > 0) for (int i = 0; i < length; i++) nulls[i] |= a.IsNull(i);
        }
        int skipped = 0;
        if (nulls is not null) foreach (var n in nulls) if (n) skipped++;
        if (counter is DistinctKeyCounter<long> longs)
        {
            // Rented: a batch's keys are a large-object-heap array, and a fresh one per batch churns memory.
            var rented = System.Buffers.ArrayPool<long>.Shared.Rent(length);
            try
            {
                var keys = rented.AsSpan(0, length);
                if (!DirectKeys(arrays[0], keys)) VecKeys(column(0), keys);
                longs.Add(keys, nulls);
            }
            finally { System.Buffers.ArrayPool<long>.Shared.Return(rented); }
            return skipped;
        }
        var texts = new string[length];
        if (arrays.Count == 1)
        {
            var s = column(0).Strings!;
            for (int i = 0; i < length; i++) texts[i] = s[i] ?? "";
        }
        else
        {
            var vecs = Enumerable.Range(0, arrays.Count).Select(column).ToArray();
            var sb = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                if (nulls is not null && nulls[i]) { texts[i] = ""; continue; }
                sb.Clear();
                for (int c = 0; c < vecs.Length; c++)
                {
                    if (c > 0) sb.Append(Separator);
                    sb.Append(RowCheck.Display(vecs[c], i));
                }
                texts[i] = sb.ToString();
            }
        }
        ((DistinctKeyCounter<string>)counter).Add(texts, nulls);
        return skipped;
    }

    /// <summary>Integer and floating arrays key straight from their value buffers (no conversion to a Vec).</summary>
    private static bool DirectKeys(IArrowArray array, Span<long> keys)
    {
        switch (array)
        {
            case Int64Array a: a.Values.CopyTo(keys); return true;
            case Int32Array a: for (int i = 0; i < keys.Length; i++) keys[i] = a.Values[i]; return true;
            case Int16Array a: for (int i = 0; i < keys.Length; i++) keys[i] = a.Values[i]; return true;
            case Int8Array a: for (int i = 0; i < keys.Length; i++) keys[i] = a.Values[i]; return true;
            case UInt64Array a: for (int i = 0; i < keys.Length; i++) keys[i] = unchecked((long)a.Values[i]); return true;
            case UInt32Array a: for (int i = 0; i < keys.Length; i++) keys[i] = a.Values[i]; return true;
            case UInt16Array a: for (int i = 0; i < keys.Length; i++) keys[i] = a.Values[i]; return true;
            case UInt8Array a: for (int i = 0; i < keys.Length; i++) keys[i] = a.Values[i]; return true;
            case DoubleArray a: for (int i = 0; i < keys.Length; i++) keys[i] = DoubleKey(a.Values[i]); return true;
            case FloatArray a: for (int i = 0; i < keys.Length; i++) keys[i] = DoubleKey(a.Values[i]); return true;
            default: return false;
        }
    }

    private static void VecKeys(Vec v, Span<long> keys)
    {
        switch (v.Kind)
        {
            case ValueKind.Number: for (int i = 0; i < keys.Length; i++) keys[i] = DoubleKey(v.Numbers![i]); break;
            case ValueKind.Time: v.Times.AsSpan(0, keys.Length).CopyTo(keys); break;
            default: for (int i = 0; i < keys.Length; i++) keys[i] = v.Bools![i] ? 1 : 0; break;
        }
    }

    /// <summary>Equal numbers get equal keys: -0 is 0 and every NaN payload is the one NaN.</summary>
    private static long DoubleKey(double d) => BitConverter.DoubleToInt64Bits(d == 0 ? 0 : double.IsNaN(d) ? double.NaN : d);

    private static string Display(long key, Flavor flavor) => flavor switch
    {
        Flavor.Signed => key.ToString(CultureInfo.InvariantCulture),
        Flavor.Unsigned => unchecked((ulong)key).ToString(CultureInfo.InvariantCulture),
        Flavor.Double => BitConverter.Int64BitsToDouble(key).ToString("R", CultureInfo.InvariantCulture),
        Flavor.Time => Values.ValueText.Time(key),
        _ => key == 1 ? "true" : "false",
    };
}
