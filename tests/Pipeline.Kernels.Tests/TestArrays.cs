using Apache.Arrow;

namespace Pipeline.Kernels.Tests;

/// <summary>Shapes every Arrow kernel test sweeps: lengths 0..256, slice offsets and null patterns.</summary>
internal static class TestArrays
{
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 257);

    public static readonly int[] Offsets = [0, 1, 3, 7, 64];

    public enum Nulls { None, EveryThird, Random, All }

    public static readonly Nulls[] NullPatterns = Enum.GetValues<Nulls>();

    public static bool IsNull(Nulls pattern, int row, Random random) => pattern switch
    {
        Nulls.None => false,
        Nulls.EveryThird => row % 3 == 1,
        Nulls.Random => random.Next(4) == 0,
        _ => true,
    };

    /// <summary>Returns rows [offset, offset + length) of <paramref name="array"/> as a sliced array (non-zero Offset).</summary>
    public static IArrowArray Slice(IArrowArray array, int offset, int length) =>
        ArrowArrayFactory.BuildArray(array.Data.Slice(offset, length));

    /// <summary>Relative-or-absolute closeness with a tolerance that scales with magnitude.</summary>
    public static void Close(double expected, double actual, double relative, double scale = 1, string? what = null)
    {
        if (double.IsNaN(expected)) { Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual}"); return; }
        double tolerance = relative * Math.Max(Math.Abs(expected), scale);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:G3})");
    }
}
