using System.Buffers.Binary;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Kernels.Tests.Hashing;

public class ArrowHashTests
{
    internal static ulong[] Hash(IArrowArray array)
    {
        var hashes = new ulong[array.Length];
        ArrowHash.HashColumn(array, hashes);
        return hashes;
    }

    private static ulong HashOfInt64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return ArrowHash.HashBytes(bytes);
    }

    public class HashBytes
    {
        // Published XXH64 test vectors (seed 0): any change to the function breaks these.
        [Theory]
        [InlineData("", 0xEF46DB3751D8E999UL)]
        [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
        [InlineData("abc", 0x44BC2CF5AD770999UL)]
        [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
        public void Matches_the_xxHash64_reference(string text, ulong expected)
        {
            Assert.Equal(expected, ArrowHash.HashBytes(Encoding.UTF8.GetBytes(text)));
            Assert.Equal(expected, ArrowHash.HashString(text));
        }

        [Fact]
        public void Every_length_up_to_256_matches_the_fixed_width_shortcuts_and_is_seed_sensitive()
        {
            var data = Enumerable.Range(0, 256).Select(i => (byte)(i * 7 + 1)).ToArray();
            var seen = new HashSet<ulong>();
            for (int n = 0; n <= 256; n++) Assert.True(seen.Add(ArrowHash.HashBytes(data.AsSpan(0, n))));
            Assert.NotEqual(ArrowHash.HashBytes(data, 0), ArrowHash.HashBytes(data, 1));
        }
    }

    public class HashColumn
    {
        [Fact]
        public void Pinned_values_never_drift()
        {
            // Profiles and duplicate detection persist these hashes: a change must be deliberate.
            Assert.Equal(PinnedInt5, Hash(new Int64Array.Builder().Append(5).Build())[0]);
            Assert.Equal(PinnedDouble1_5, Hash(new DoubleArray.Builder().Append(1.5).Build())[0]);
            Assert.Equal(PinnedTrue, Hash(new BooleanArray.Builder().Append(true).Build())[0]);
            Assert.Equal(PinnedList, Hash(ListOf([[1, 2, 3]]))[0]);
            Assert.Equal(0x44BC2CF5AD770999UL, Hash(new StringArray.Builder().Append("abc").Build())[0]);
            Assert.Equal(ArrowHash.NullHash, Hash(new StringArray.Builder().AppendNull().Build())[0]);
        }

        private const ulong PinnedInt5 = 0x89BE0B2DD5C2593DUL;
        private const ulong PinnedDouble1_5 = 0x49F7B96B6B5CCAF9UL;
        private const ulong PinnedTrue = 0x9F29CB17A2A49995UL;
        private const ulong PinnedList = 0xDFA1841B5B3B8D63UL;

        [Fact]
        public void Integers_hash_alike_across_widths_and_as_their_64_bit_bytes()
        {
            ulong expected = HashOfInt64(-5);
            Assert.Equal(expected, Hash(new Int8Array.Builder().Append(-5).Build())[0]);
            Assert.Equal(expected, Hash(new Int16Array.Builder().Append(-5).Build())[0]);
            Assert.Equal(expected, Hash(new Int32Array.Builder().Append(-5).Build())[0]);
            Assert.Equal(expected, Hash(new Int64Array.Builder().Append(-5).Build())[0]);
            Assert.Equal(HashOfInt64(200), Hash(new UInt8Array.Builder().Append(200).Build())[0]);
            Assert.Equal(HashOfInt64(4_000_000_000), Hash(new UInt32Array.Builder().Append(4_000_000_000).Build())[0]);
        }

        [Fact]
        public void Equal_floats_hash_alike()
        {
            var h = Hash(new DoubleArray.Builder().Append(0.0).Append(-0.0).Append(double.NaN).Append(-double.NaN).Append(2.5).Build());
            Assert.Equal(h[0], h[1]);
            Assert.Equal(h[2], h[3]);
            Assert.Equal(h[4], Hash(new FloatArray.Builder().Append(2.5f).Build())[0]);
            Assert.Equal(h[4], Hash(new HalfFloatArray.Builder().Append((Half)2.5).Build())[0]);
            Assert.NotEqual(h[4], Hash(new Int64Array.Builder().Append(2).Build())[0]);
        }

        [Fact]
        public void Strings_hash_like_HashString_in_every_layout()
        {
            string[] values = ["", "a", "héllo wörld", new string('x', 100), "😀"];
            var utf8 = Hash(new StringArray.Builder().AppendRange(values).Build());
            var large = Hash(new LargeStringArray.Builder().AppendRange(values).Build());
            var view = Hash(new StringViewArray.Builder().AppendRange(values).Build());
            var binary = Hash(new BinaryArray.Builder().AppendRange(values.Select(Encoding.UTF8.GetBytes)).Build());
            for (int i = 0; i < values.Length; i++)
            {
                ulong expected = ArrowHash.HashString(values[i]);
                Assert.Equal(expected, utf8[i]);
                Assert.Equal(expected, large[i]);
                Assert.Equal(expected, view[i]);
                Assert.Equal(expected, binary[i]);
            }
        }

        [Fact]
        public void Dictionary_columns_hash_the_decoded_value()
        {
            var dictionary = new StringArray.Builder().Append("red").Append("green").Append("blue").Build();
            var indices = new Int32Array.Builder().Append(2).Append(0).AppendNull().Append(1).Append(2).Build();
            var encoded = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), indices, dictionary);
            var plain = new StringArray.Builder().Append("blue").Append("red").AppendNull().Append("green").Append("blue").Build();
            Assert.Equal(Hash(plain), Hash(encoded));
            // A different dictionary order for the same values gives the same hashes.
            var otherDictionary = new StringArray.Builder().Append("blue").Append("green").Append("red").Build();
            var otherIndices = new UInt8Array.Builder().Append(0).Append(2).AppendNull().Append(1).Append(0).Build();
            var reordered = new DictionaryArray(new DictionaryType(UInt8Type.Default, StringType.Default, false), otherIndices, otherDictionary);
            Assert.Equal(Hash(plain), Hash(reordered));
            Assert.Equal(Hash(TestArrays.Slice(plain, 1, 3)), Hash(TestArrays.Slice(encoded, 1, 3)));
        }

        [Fact]
        public void Sliced_arrays_hash_like_their_rows_in_the_whole_array()
        {
            foreach (var full in SampleColumns(300))
            {
                var whole = Hash(full);
                foreach (int offset in TestArrays.Offsets)
                foreach (int length in new[] { 0, 1, 2, 7, 31, 64, 200 })
                {
                    if (offset + length > full.Length) continue;
                    var sliced = Hash(TestArrays.Slice(full, offset, length));
                    Assert.True(whole.AsSpan(offset, length).SequenceEqual(sliced), $"{full.Data.DataType.Name} offset {offset} length {length}");
                }
            }
        }

        [Fact]
        public void Nulls_hash_to_the_null_constant_in_every_type()
        {
            foreach (var column in SampleColumns(50))
            {
                var hashes = Hash(column);
                for (int i = 0; i < column.Length; i++)
                    if (column.IsNull(i)) Assert.Equal(ArrowHash.NullHash, hashes[i]);
                    else Assert.NotEqual(ArrowHash.NullHash, hashes[i]);
            }
            Assert.All(Hash(new NullArray(4)), h => Assert.Equal(ArrowHash.NullHash, h));
        }

        [Fact]
        public void Nested_values_hash_by_content()
        {
            var lists = Hash(ListOf([[1, 2], [2, 1], [1, 2], [], [1], [1, 2, 3]]));
            Assert.Equal(lists[0], lists[2]);
            Assert.NotEqual(lists[0], lists[1]);
            Assert.Equal(6, lists.Distinct().Count() + 1);
            var structs = Hash(StructOf([1, 2, 1], ["a", "b", "a"]));
            Assert.Equal(structs[0], structs[2]);
            Assert.NotEqual(structs[0], structs[1]);
        }

        [Fact]
        public void Dates_times_decimals_and_fixed_width_binary_are_hashed()
        {
            var dates = Hash(new Date32Array.Builder().Append(new DateTime(2024, 1, 2)).Append(new DateTime(2024, 1, 2)).Append(new DateTime(2024, 1, 3)).Build());
            Assert.Equal(dates[0], dates[1]);
            Assert.NotEqual(dates[0], dates[2]);
            var stamps = Hash(new TimestampArray.Builder(TimeUnit.Microsecond, "UTC").Append(DateTimeOffset.UnixEpoch).Append(DateTimeOffset.UnixEpoch.AddTicks(10)).Build());
            Assert.Equal(HashOfInt64(0), stamps[0]);
            Assert.Equal(HashOfInt64(1), stamps[1]);
            var decimals = Hash(new Decimal128Array.Builder(new Decimal128Type(10, 2)).Append(1.25m).Append(1.25m).Append(-1.25m).Build());
            Assert.Equal(decimals[0], decimals[1]);
            Assert.NotEqual(decimals[0], decimals[2]);
        }
    }

    public class CombineColumn
    {
        [Fact]
        public void Row_hashes_depend_on_every_column_and_their_order()
        {
            var a = new Int32Array.Builder().Append(1).Append(1).Append(2).Build();
            var b = new StringArray.Builder().Append("x").Append("y").Append("x").Build();
            var rowsAb = new ulong[3];
            ArrowHash.HashColumn(a, rowsAb);
            ArrowHash.CombineColumn(b, rowsAb);
            Assert.Equal(3, rowsAb.Distinct().Count());
            var rowsBa = new ulong[3];
            ArrowHash.HashColumn(b, rowsBa);
            ArrowHash.CombineColumn(a, rowsBa);
            Assert.NotEqual(rowsAb[0], rowsBa[0]);
            var again = new ulong[3];
            ArrowHash.HashColumn(a, again);
            ArrowHash.CombineColumn(b, again);
            Assert.Equal(rowsAb, again);
        }

        [Fact]
        public void Short_buffers_are_refused()
        {
            var a = new Int32Array.Builder().Append(1).Append(2).Build();
            Assert.Throws<ArgumentException>(() => ArrowHash.CombineColumn(a, new ulong[1]));
            Assert.Throws<ArgumentException>(() => ArrowHash.HashColumn(a, new ulong[1]));
        }
    }

    internal static ListArray ListOf(int[][] rows)
    {
        var builder = new ListArray.Builder(Int32Type.Default);
        var values = (Int32Array.Builder)builder.ValueBuilder;
        foreach (var row in rows)
        {
            builder.Append();
            foreach (int v in row) values.Append(v);
        }
        return builder.Build();
    }

    private static StructArray StructOf(int[] numbers, string[] names)
    {
        var type = new StructType([new Field("n", Int32Type.Default, true), new Field("s", StringType.Default, true)]);
        return new StructArray(type, numbers.Length,
            [new Int32Array.Builder().AppendRange(numbers).Build(), new StringArray.Builder().AppendRange(names).Build()],
            ArrowBuffer.Empty, 0);
    }

    /// <summary>One column per supported layout, with nulls every fifth row.</summary>
    private static IEnumerable<IArrowArray> SampleColumns(int n)
    {
        var random = new Random(n);
        bool Null(int i) => i % 5 == 3;
        var i64 = new Int64Array.Builder(); var f64 = new DoubleArray.Builder(); var str = new StringArray.Builder();
        var bools = new BooleanArray.Builder(); var view = new StringViewArray.Builder(); var dec = new Decimal128Array.Builder(new Decimal128Type(12, 3));
        var list = new ListArray.Builder(Int32Type.Default); var listValues = (Int32Array.Builder)list.ValueBuilder;
        var indices = new Int16Array.Builder();
        var nullBits = new ArrowBuffer.BitmapBuilder();
        var structInts = new Int32Array.Builder(); var structStrings = new StringArray.Builder();
        for (int i = 0; i < n; i++)
        {
            int v = random.Next(20);
            if (Null(i))
            {
                i64.AppendNull(); f64.AppendNull(); str.AppendNull(); bools.AppendNull(); view.AppendNull(); dec.AppendNull();
                list.AppendNull(); indices.AppendNull(); nullBits.Append(false);
                structInts.Append(0); structStrings.Append("");
                continue;
            }
            i64.Append(v); f64.Append(v * 0.5); str.Append("s" + v); bools.Append(v % 2 == 0); view.Append(new string('v', v) + v);
            dec.Append(v * 1.001m); indices.Append((short)(v % 4)); nullBits.Append(true);
            list.Append(); for (int j = 0; j < v % 4; j++) listValues.Append(v + j);
            structInts.Append(v); structStrings.Append("t" + v);
        }
        yield return i64.Build();
        yield return f64.Build();
        yield return str.Build();
        yield return bools.Build();
        yield return view.Build();
        yield return dec.Build();
        yield return list.Build();
        var dictionary = new StringArray.Builder().Append("a").Append("b").Append("c").Append("d").Build();
        yield return new DictionaryArray(new DictionaryType(Int16Type.Default, StringType.Default, false), indices.Build(), dictionary);
        var structType = new StructType([new Field("n", Int32Type.Default, true), new Field("s", StringType.Default, true)]);
        yield return new StructArray(structType, n, [structInts.Build(), structStrings.Build()], nullBits.Build(), n / 5 + (n % 5 > 3 ? 1 : 0));
    }
}
