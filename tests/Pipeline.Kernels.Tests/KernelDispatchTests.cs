namespace Pipeline.Kernels.Tests;

public class KernelDispatchTests
{
    [Theory]
    [InlineData("scalar", Isa.Scalar)]
    [InlineData("Vector128", Isa.Vector128)]
    [InlineData(" vector256 ", Isa.Vector256)]
    [InlineData("VECTOR512", Isa.Vector512)]
    public void Parse_reads_every_override_value(string text, Isa expected) => Assert.Equal(expected, KernelDispatch.Parse(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("avx9")]
    public void Parse_ignores_unknown_values(string? text) => Assert.Null(KernelDispatch.Parse(text));

    [Fact]
    public void Scalar_is_always_available_and_clamping_never_widens()
    {
        Assert.Contains(Isa.Scalar, KernelDispatch.Available);
        foreach (var isa in Enum.GetValues<Isa>()) Assert.True(KernelDispatch.Clamp(isa) <= isa);
        Assert.Contains(KernelDispatch.Current, KernelDispatch.Available);
    }

    [Fact]
    public void Current_honours_the_environment_override()
    {
        var forced = KernelDispatch.Parse(Environment.GetEnvironmentVariable(KernelDispatch.ForceIsaVariable));
        Assert.Equal(KernelDispatch.Clamp(forced ?? Isa.Vector512), KernelDispatch.Current);
    }
}
