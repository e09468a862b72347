namespace Pipeline.Kernels.Tests.Text;

/// <summary>Values laid out as an Arrow string array's offsets and data buffers.</summary>
internal static class ArrowLayout
{
    public static (int[] Offsets, byte[] Data) Of(IReadOnlyList<byte[]> values)
    {
        var offsets = new int[values.Count + 1];
        for (int i = 0; i < values.Count; i++) offsets[i + 1] = offsets[i] + values[i].Length;
        var data = new byte[offsets[^1]];
        for (int i = 0; i < values.Count; i++) values[i].CopyTo(data, offsets[i]);
        return (offsets, data);
    }
}
