using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Operators.Aggregate.Hash;

namespace Pipeline.Core.Tests.Operators;

/// <summary>The typed key indexers of the hash aggregate: ids in order of first appearance, SQL grouping of NULL, NaN and -0, and lookups that add nothing.</summary>
public sealed class GroupIndexerTests
{
    private static int[] Map(ColumnIndexer indexer, IArrowArray array, List<int>? newRows = null, bool add = true)
    {
        var ids = new int[array.Length];
        indexer.Map(array, ids, newRows, add);
        return ids;
    }

    private static StringArray Strings(params string?[] values)
    {
        var builder = new StringArray.Builder();
        foreach (var v in values) { if (v is null) builder.AppendNull(); else builder.Append(v); }
        return builder.Build();
    }

    [Fact]
    public void Float_keys_group_every_NaN_together_and_minus_zero_with_zero()
    {
        var indexer = ColumnIndexer.For(FloatType.Default);
        var builder = new FloatArray.Builder();
        foreach (var v in new float?[] { 1f, float.NaN, -0f, 0f, BitConverter.Int32BitsToSingle(0x7FC0_0001), null, 1f, -float.NaN })
        {
            if (v is { } f) builder.Append(f); else builder.AppendNull();
        }
        var newRows = new List<int>();
        Assert.Equal([0, 1, 2, 2, 1, 3, 0, 1], Map(indexer, builder.Build(), newRows));
        Assert.Equal([0, 1, 2, 5], newRows);
        Assert.Equal(4, indexer.Count);
    }

    [Fact]
    public void Double_and_integer_keys_find_without_adding()
    {
        var doubles = ColumnIndexer.For(DoubleType.Default);
        Assert.Equal([-1, -1], Map(doubles, new DoubleArray.Builder().Append(2.5).AppendNull().Build(), add: false));
        Assert.Equal(0, doubles.Count);
        Assert.Equal([0, 1, 0, 2], Map(doubles, new DoubleArray.Builder().Append(-0.0).Append(double.NaN).Append(0.0).AppendNull().Build()));
        Assert.Equal([-1, 0, 1, 2], Map(doubles, new DoubleArray.Builder().Append(7).Append(0.0).Append(double.NaN).AppendNull().Build(), add: false));

        var longs = ColumnIndexer.For(Int64Type.Default);
        var values = Enumerable.Range(0, 5000).Select(i => (long)i * 1_000_003 - 77).ToArray();
        var array = new Int64Array.Builder().AppendRange(values).Build();
        Assert.Equal(Enumerable.Range(0, 5000), Map(longs, array));
        Assert.Equal(Enumerable.Range(0, 5000), Map(longs, array, add: false));
        Assert.Equal(5000, longs.Count);
    }

    [Fact]
    public void String_keys_hash_their_bytes_and_grow_keeping_ids()
    {
        var indexer = ColumnIndexer.For(StringType.Default);
        var newRows = new List<int>();
        Assert.Equal([0, 1, 2, 0, 3, 1], Map(indexer, Strings("x", "", null, "x", "yy", ""), newRows));
        Assert.Equal([0, 1, 2, 4], newRows);
        Assert.Equal([-1, 3, 2, 1], Map(indexer, Strings("zz", "yy", null, ""), add: false));
        var many = Strings([.. Enumerable.Range(0, 20_000).Select(i => "customer-" + i)]);
        Assert.Equal(Enumerable.Range(4, 20_000), Map(indexer, many));
        Assert.Equal(Enumerable.Range(4, 20_000), Map(indexer, many.Slice(0, 20_000), add: false));
        Assert.Equal([0, 3], Map(indexer, Strings("x", "yy")));
    }

    [Fact]
    public void Decimal_keys_group_by_their_unscaled_value()
    {
        var indexer = ColumnIndexer.For(new Decimal128Type(10, 2));
        var array = new Decimal128Array.Builder(new Decimal128Type(10, 2)).Append(1.5m).AppendNull().Append(1.50m).Append(-1.5m).Build();
        Assert.Equal([0, 1, 0, 2], Map(indexer, array));
    }

    [Fact]
    public void Dictionary_keys_group_by_value_across_dictionaries_and_after_a_lookup()
    {
        var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var indexer = ColumnIndexer.For(type);
        // Entry 2 is a NULL value: it groups with NULL indices. Entry 3 is unused in the first batch.
        var first = Strings("b", "a", null, "unused");
        var newRows = new List<int>();
        var batch1 = new DictionaryArray(type, new Int32Array.Builder().Append(1).Append(0).Append(2).AppendNull().Append(1).Build(), first);
        Assert.Equal([0, 1, 2, 2, 0], Map(indexer, batch1, newRows));
        Assert.Equal([0, 1, 2], newRows);
        // The same dictionary again: its cached entries, and the one not yet used.
        var batch2 = new DictionaryArray(type, new Int32Array.Builder().Append(3).Append(0).Build(), first);
        Assert.Equal([3, 1], Map(indexer, batch2));
        // A lookup that adds nothing must not leave -1 cached for the entries it did not know.
        var other = Strings("c", "a");
        var batch3 = new DictionaryArray(type, new Int32Array.Builder().Append(0).Append(1).Append(0).Build(), other);
        Assert.Equal([-1, 0, -1], Map(indexer, batch3, add: false));
        newRows.Clear();
        Assert.Equal([4, 0, 4], Map(indexer, batch3, newRows));
        Assert.Equal([0], newRows);
        // A plain array agrees with the dictionaries.
        Assert.Equal([4, 2, 5], Map(indexer, Strings("c", null, "d")));
    }

    [Fact]
    public void Boolean_keys_with_an_offset_read_the_right_bits()
    {
        var indexer = ColumnIndexer.For(BooleanType.Default);
        var array = new BooleanArray.Builder().Append(true).Append(false).AppendNull().Append(true).Append(false).Build();
        // The slice is NULL, true, false.
        Assert.Equal([0, 1, 2], Map(indexer, array.Slice(2, 3)));
        Assert.Equal([1, 2, 0, 1, 2], Map(indexer, array));
    }
}
