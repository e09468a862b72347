using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Hosting.Running;

/// <summary>
/// The <c>fingerprint</c> of a large input file (<see cref="Core.Options.InputHashPolicy.Fingerprint"/>): lower-case hex
/// SHA-256 over <c>pipeline-input-fingerprint-v1</c>, the size and the modification time (UTC ticks, both int64
/// little-endian), then the bytes of the first MiB, of 16 blocks of 64 KiB evenly spaced between it and the last MiB,
/// and of the last MiB (each range clipped to the file, overlaps read once). About 3 MiB read whatever the size: it
/// tells a rewritten, appended or touched file from the one a run read, but it is not a hash of the whole content, so it
/// never stands in for <c>sha256</c>.
/// </summary>
internal static class InputFingerprint
{
    private const int Edge = 1 << 20;
    private const int Block = 64 << 10;
    private const int Samples = 16;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("pipeline-input-fingerprint-v1");

    /// <summary>The fingerprint of the file open as <paramref name="stream"/>, last written at <paramref name="modifiedUtc"/>.</summary>
    public static async Task<string> OfAsync(Stream stream, DateTime modifiedUtc, CancellationToken cancellationToken)
    {
        long length = stream.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Label);
        var header = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(header, length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), modifiedUtc.Ticks);
        hash.AppendData(header);
        var buffer = new byte[Edge];
        long covered = 0; // bytes before this offset are already in the hash
        foreach (var (start, count) in Ranges(length))
        {
            long from = Math.Max(start, covered);
            long end = Math.Min(length, start + count);
            if (end <= from) continue;
            stream.Position = from;
            int size = (int)(end - from);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
            hash.AppendData(buffer, 0, size);
            covered = end;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The sampled ranges in file order: the first MiB, the blocks between, the last MiB.</summary>
    private static IEnumerable<(long Start, int Count)> Ranges(long length)
    {
        yield return (0, Edge);
        long middle = length - 2L * Edge;
        if (middle > 0)
            for (int i = 1; i <= Samples; i++)
                yield return (Edge + middle * i / (Samples + 1) - Block / 2, Block);
        yield return (Math.Max(0, length - Edge), Edge);
    }
}
