using Apache.Arrow;
using Pipeline.Engine.Analyze.Data;
using Xunit;

namespace Pipeline.Engine.Tests.Document;

public sealed class TextKeyLookupTests
{
    [Fact]
    public void FindsTextKeysWithoutNewStringsAndNamesTheMissingOnes()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal) { ["café"] = 1, ["x"] = 2 };
        var lookup = new TextKeyLookup<int>(map);
        var column = new StringArray.Builder().Append("café").AppendNull().Append("new ✓").Append("x").Append(new string('y', 500)).Build();

        Assert.True(lookup.TryFind(column, 0, out int value, out var missing));
        Assert.Equal((1, null), (value, missing));
        Assert.False(lookup.TryFind(column, 1, out _, out missing));
        Assert.Null(missing);
        Assert.True(lookup.TryFind(column, 2, out _, out missing));
        Assert.Equal("new ✓", missing);
        Assert.True(lookup.TryFind(column, 3, out value, out _));
        Assert.Equal(2, value);
        Assert.True(lookup.TryFind(column, 4, out _, out missing)); // longer than the first buffer
        Assert.Equal(500, missing!.Length);
    }

    [Fact]
    public void ANullDictionaryEntryHasNoText()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal) { ["a"] = 1 };
        var lookup = new TextKeyLookup<int>(map);
        var dictionary = new StringArray.Builder().Append("a").AppendNull().Build();
        var type = new Apache.Arrow.Types.DictionaryType(Apache.Arrow.Types.Int32Type.Default, Apache.Arrow.Types.StringType.Default, false);
        var column = new DictionaryArray(type, new Int32Array.Builder().Append(0).Append(1).Build(), dictionary);
        Assert.True(lookup.TryFind(column, 0, out int value, out _));
        Assert.Equal(1, value);
        Assert.False(lookup.TryFind(column, 1, out _, out var missing));
        Assert.Null(missing);
    }

    [Fact]
    public void OtherColumnTypesUseTheirDisplayText()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal) { ["42"] = 7 };
        var lookup = new TextKeyLookup<int>(map);
        var column = new Int64Array.Builder().Append(42).Append(43).Build();
        Assert.True(lookup.TryFind(column, 0, out int value, out var missing));
        Assert.Equal((7, null), (value, missing));
        Assert.True(lookup.TryFind(column, 1, out _, out missing));
        Assert.Equal("43", missing);
    }
}
