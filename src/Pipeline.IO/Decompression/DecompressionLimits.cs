namespace Pipeline.IO.Decompression;

/// <summary>Bounds on decompressed output, so a small hostile file (a decompression bomb) cannot fill memory or disk:
/// past <see cref="FloorBytes"/>, reading stops with a clear error when the output exceeds <see cref="MaxRatio"/> times
/// the compressed bytes read so far, or <see cref="MaxBytes"/> in all.</summary>
public sealed record DecompressionLimits
{
    /// <summary>Largest ratio of decompressed to compressed bytes (default 1000; real text compresses 5 to 50 times,
    /// highly repetitive logs a few hundred).</summary>
    public double MaxRatio { get; init; } = 1000;

    /// <summary>Largest decompressed size of one input in bytes; null (default) leaves only the ratio.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>Output below this many bytes is never refused for its ratio (a tiny file of zeros is not a bomb).</summary>
    public long FloorBytes { get; init; } = 16L << 20;
}
