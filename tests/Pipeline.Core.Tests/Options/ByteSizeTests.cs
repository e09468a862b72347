using Pipeline.Core.Errors;
using Pipeline.Core.Options;

namespace Pipeline.Core.Tests.Options;

public class ByteSizeTests
{
    [Theory]
    [InlineData("1048576", 1048576)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("1.5GB", 1_500_000_000)]
    [InlineData("64 mib", 64L << 20)]
    [InlineData("16M", 16L << 20)]
    public void ParsesBinaryAndDecimalUnits(string text, long expected) => Assert.Equal(expected, ByteSize.Parse(text));

    [Theory]
    [InlineData("lots")]
    [InlineData("-5MiB")]
    [InlineData("")]
    public void RejectsTextThatIsNotASize(string text)
        => Assert.Equal(PipelineErrorKind.InvalidInput, Assert.Throws<PipelineException>(() => ByteSize.Parse(text)).Kind);

    [Fact]
    public void FormatsWithBinaryUnits() => Assert.Equal("1.5 GiB", ByteSize.Format(3L << 29));
}

public class PipelineOptionsTests
{
    [Fact]
    public void ValidateNamesTheBadSetting()
    {
        var error = Assert.Throws<PipelineException>(() => new PipelineOptions { BatchSize = 0 }.Validate());
        Assert.Contains("batch_size", error.Message);
    }

    [Fact]
    public void DefaultsAreUsable()
    {
        var options = new PipelineOptions().Validate();
        Assert.True(options.MemoryLimit >= 1 << 20);
        Assert.Equal(Environment.ProcessorCount, options.MaxDegreeOfParallelism);
    }
}
