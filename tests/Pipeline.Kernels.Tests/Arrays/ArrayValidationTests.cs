using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Kernels.Arrays;

namespace Pipeline.Kernels.Tests.Arrays;

/// <summary>Arrays whose buffers disagree with their lengths, offsets or declared nulls are refused before any
/// reader trusts them; well-formed arrays (also sliced ones) pass.</summary>
public class ArrayValidationTests
{
    // Exactly sized (a builder would pad to 64 bytes, hiding a buffer that is too short).
    private static ArrowBuffer Ints(params int[] values) => new(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    private static ArrowBuffer Bytes(params byte[] values) => new(values);
    private static ArrowBuffer Text(string s) => new(System.Text.Encoding.UTF8.GetBytes(s));

    private static ArrayData Strings(int length, ArrowBuffer offsets, ArrowBuffer data, ArrowBuffer? validity = null, int nulls = 0, int offset = 0)
        => new(StringType.Default, length, nulls, offset, [validity ?? ArrowBuffer.Empty, offsets, data]);

    private static string Refusal(ArrayData data) => Assert.Throws<InvalidDataException>(() => ArrayValidation.Validate(data, "c")).Message;

    [Fact]
    public void WellFormedArraysPassAlsoWhenSliced()
    {
        var strings = new StringArray.Builder().Append("a").AppendNull().Append("ccc").Append("dé").Build();
        ArrayValidation.Validate(strings.Data, "s");
        ArrayValidation.Validate(((StringArray)strings.Slice(1, 3)).Data, "s");
        var list = new ListArray.Builder(Int32Type.Default);
        list.Append(); ((Int32Array.Builder)list.ValueBuilder).Append(1).Append(2);
        list.AppendNull();
        list.Append(); ((Int32Array.Builder)list.ValueBuilder).Append(3);
        ArrayValidation.Validate(list.Build().Data, "l");
        var dictionary = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false),
            new Int32Array.Builder().Append(0).Append(1).Append(0).Build(), new StringArray.Builder().Append("x").Append("y").Build());
        ArrayValidation.Validate(dictionary.Data, "d");
        var batch = new RecordBatch.Builder().Append("n", false, c => c.Int64(b => b.Append(1).Append(2))).Build();
        ArrayValidation.Validate(batch);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1_000_000)]
    public void AStringOffsetPastTheDataIsRefused(int last)
    {
        var message = Refusal(Strings(3, Ints(0, 1, 3, last), Text("abbccc")));
        Assert.Contains("column 'c'", message);
        Assert.Contains($"offset {last}", message);
    }

    [Fact]
    public void ABatchWithFewerColumnsThanItsSchemaIsRefused()
    {
        // Found by the arrow fuzzer: a batch message with one field node for a two-field schema reached the column
        // projection, which indexed the missing column (ArgumentOutOfRange, exit 3).
        var schema = new Schema.Builder()
            .Field(f => f.Name("a").DataType(Int32Type.Default))
            .Field(f => f.Name("b").DataType(Int32Type.Default))
            .Build();
        using var batch = new RecordBatch(schema, [new Int32Array.Builder().Append(1).Build()], 1);
        var error = Assert.Throws<InvalidDataException>(() => ArrayValidation.Validate(batch));
        Assert.Contains("holds 1 columns but the schema declares 2", error.Message);
    }

    [Fact]
    public void DecreasingOrNegativeOffsetsAreRefused()
    {
        Assert.Contains("decrease at row 1", Refusal(Strings(3, Ints(0, 3, 1, 6), Text("abbccc"))));
        Assert.Contains("negative", Refusal(Strings(2, Ints(-4, 1, 3), Text("abbccc"))));
        // A long run that decreases only deep inside (the vectorized scan must find the exact row).
        var offsets = Enumerable.Range(0, 101).ToArray();
        offsets[77] = 90;
        Assert.Contains("decrease at row 77", Refusal(Strings(100, Ints(offsets), Text(new string('x', 100)))));
    }

    [Fact]
    public void BuffersTooShortForTheLengthAreRefused()
    {
        Assert.Contains("offsets buffer", Refusal(Strings(5, Ints(0, 1, 3), Text("abc"))));
        var ints = new ArrayData(Int64Type.Default, 10, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(new byte[16])]);
        Assert.Contains("values buffer of 16 bytes", Refusal(ints));
        var sliced = new ArrayData(Int32Type.Default, 2, 0, 3, [ArrowBuffer.Empty, new ArrowBuffer(new byte[16])]);
        Assert.Contains("at offset 3", Refusal(sliced));
    }

    [Fact]
    public void NullCountsMustMatchTheBitmap()
    {
        var values = new ArrowBuffer(new byte[32]);
        Assert.Contains("declares 2 nulls but its validity bitmap marks 1",
            Refusal(new ArrayData(Int32Type.Default, 4, 2, 0, [Bytes(0b1110), values])));
        Assert.Contains("no validity bitmap", Refusal(new ArrayData(Int32Type.Default, 4, 1, 0, [ArrowBuffer.Empty, values])));
        Assert.Contains("bitmap of 1 bytes is too short", Refusal(new ArrayData(Int32Type.Default, 9, 0, 0, [Bytes(0xFF), new ArrowBuffer(new byte[64])])));
    }

    [Fact]
    public void InvalidUtf8AndValuesSplittingACharacterAreRefused()
    {
        Assert.Contains("invalid UTF-8", Refusal(Strings(1, Ints(0, 2), Bytes(0xC3, 0x28))));
        // "é" is C3 A9: a value boundary between the two bytes splits it although the whole buffer is valid.
        Assert.Contains("row 1 starts inside a UTF-8 character", Refusal(Strings(2, Ints(0, 1, 2), Bytes(0xC3, 0xA9))));
    }

    [Fact]
    public void DictionaryIndicesOutsideTheDictionaryAreRefused()
    {
        var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var dictionary = new StringArray.Builder().Append("x").Append("y").Build();
        var indices = new Int32Array.Builder().Append(0).Append(7).Build();
        var data = new ArrayData(type, 2, 0, 0, indices.Data.Buffers, null, dictionary.Data);
        Assert.Contains("dictionary index 7 at row 1 is outside the 2-entry dictionary", Refusal(data));
    }

    [Fact]
    public void NestedChildrenMustCoverTheirParents()
    {
        var child = new Int32Array.Builder().Append(1).Append(2).Build();
        var list = new ArrayData(new ListType(Int32Type.Default), 2, 0, 0, [ArrowBuffer.Empty, Ints(0, 1, 5)], [child.Data]);
        Assert.Contains("past the end of its 2-value data", Refusal(list));
        var structType = new StructType([new Field("a", Int32Type.Default, true)]);
        var shortStruct = new ArrayData(structType, 3, 0, 0, [ArrowBuffer.Empty], [child.Data]);
        Assert.Contains("field 'a' holds 2 values, fewer than the 3 rows", Refusal(shortStruct));
        var fixedList = new ArrayData(new FixedSizeListType(new Field("item", Int32Type.Default, true), 2), 2, 0, 0, [ArrowBuffer.Empty], [child.Data]);
        Assert.Contains("fewer than 2 lists of 2", Refusal(fixedList));
    }

    [Fact]
    public void UnionTypeIdsMustBeDeclared()
    {
        var type = new UnionType([new Field("i", Int32Type.Default, true)], [5], UnionMode.Sparse);
        var child = new Int32Array.Builder().Append(1).Append(2).Build();
        var data = new ArrayData(type, 2, 0, 0, [Bytes(5, 9)], [child.Data]);
        Assert.Contains("union type id 9 at row 1", Refusal(data));
    }

    [Fact]
    public void ABatchColumnShorterThanTheBatchIsRefused()
    {
        var column = new Int32Array.Builder().Append(1).Build();
        var schema = new Schema([new Field("x", Int32Type.Default, false)], null);
        var batch = new RecordBatch(schema, [column], 3);
        var error = Assert.Throws<InvalidDataException>(() => ArrayValidation.Validate(batch));
        Assert.Contains("column 'x' holds 1 rows but the batch declares 3", error.Message);
    }
}
