using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.IO.Decompression;

namespace Pipeline.IO.Sources;

/// <summary>
/// Opens one input (a file, <c>-</c> for standard input, or <c>archive.zip#member</c>) as its content: bytes whose
/// magic number names a compressor (gzip, zstd, bzip2) are decompressed while they are read, and a zip archive
/// that is not a workbook gives its member. The name of the file never decides: <c>data.csv.gz</c> holding plain
/// text is read as plain text. Decompressed output is bounded by <see cref="DecompressionLimits"/>.
/// </summary>
internal static class InputOpener
{
    /// <summary>Bytes of standard input peeked to detect its codec and format (replayed to the reader).</summary>
    public const int StandardInputPeekBytes = 8 << 10;

    /// <summary>An opened input.</summary>
    /// <param name="Content">The content bytes (decompressed when <see cref="Codec"/> is set).</param>
    /// <param name="Codec">The compressor or archive read through (<c>gzip</c>, <c>zstd</c>, <c>bzip2</c>, <c>zip</c>), or null.</param>
    /// <param name="RawLength">The size of the file as stored (0 for standard input).</param>
    internal sealed record Opened(Stream Content, string? Codec, long RawLength) : IDisposable
    {
        /// <summary>True when the content is the file's own bytes (offsets in it are file offsets).</summary>
        public bool IsPlain => Codec is null;

        public void Dispose() => Content.Dispose();
    }

    /// <summary>Opens <paramref name="file"/>; <paramref name="progress"/> (when given) receives the stored size and the stored bytes read.</summary>
    /// <exception cref="PipelineException">The file is missing or unreadable, or a zip archive has no single member to read.</exception>
    public static Opened Open(string file, DecompressionLimits limits, IProgressReporter? progress = null)
    {
        if (ZipInput.TrySplit(file, out var archive, out var member)) return OpenZip(archive, member, limits, progress);
        Stream raw;
        long rawLength = 0;
        try
        {
            if (file == "-") raw = StandardInput.Open();
            else
            {
                raw = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                rawLength = raw.Length;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ex is FileNotFoundException or DirectoryNotFoundException
                ? PipelineException.InvalidInput(file, "no such file", ex)
                : PipelineException.InvalidInput(file, $"cannot read: {ex.Message}", ex);
        }
        progress?.AddTotal(rawLength);
        var counting = new CountingReadStream(raw, progress is null ? null : n => progress.Advance(n));
        try
        {
            var head = new byte[CompressionCodecs.MagicBytes];
            int n = counting.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var content = new PrefixedReadStream(head, n, counting);
            if (CompressionCodecs.Detect(head.AsSpan(0, n)) is { } codec)
                return new Opened(new GuardedDecompressionStream(Start(codec, content, file), () => counting.BytesRead, file, codec.Name, limits), codec.Name, rawLength);
            if (file != "-" && ZipInput.IsZip(head.AsSpan(0, n)) && !ZipInput.IsWorkbook(file))
            {
                content.Dispose();
                return OpenZip(file, null, limits, progress);
            }
            return new Opened(content, null, rawLength);
        }
        catch
        {
            counting.Dispose();
            throw;
        }
    }

    /// <summary>Starts a codec's decompressor (some read their header at once), a failure being bad input.</summary>
    private static Stream Start(ICompressionCodec codec, Stream content, string file)
    {
        try
        {
            return codec.Decompress(content);
        }
        catch (Exception ex) when (ex is not PipelineException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw PipelineException.InvalidInput(file, $"corrupt {codec.Name} data: {ex.Message}", ex);
        }
    }

    private static Opened OpenZip(string archive, string? member, DecompressionLimits limits, IProgressReporter? progress)
    {
        var content = ZipInput.OpenMember(archive, member, limits, out long length);
        long stored = new FileInfo(archive).Length;
        progress?.AddTotal(length);
        return new Opened(progress is null ? content : new CountingReadStream(content, n => progress.Advance(n)), "zip", stored);
    }

    /// <summary>Up to <paramref name="count"/> first bytes of the input's content (decompressed), for format detection,
    /// without consuming standard input. A corrupt compressed input gives what could be decompressed (the reader reports the error).</summary>
    public static byte[] Head(string file, int count, DecompressionLimits limits)
    {
        if (file == "-")
        {
            var raw = StandardInput.Peek(StandardInputPeekBytes).ToArray();
            if (CompressionCodecs.Detect(raw) is not { } codec) return raw.Length > count ? raw[..count] : raw;
            return ReadHead(() => codec.Decompress(new MemoryStream(raw, writable: false)), count);
        }
        return ReadHead(() => Open(file, limits).Content, count);
    }

    private static byte[] ReadHead(Func<Stream> open, int count)
    {
        var head = new byte[count];
        int n = 0;
        try
        {
            using var stream = open();
            while (n < count)
            {
                int read = stream.Read(head, n, count - n);
                if (read == 0) break;
                n += read;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not FileNotFoundException)
        {
            // A truncated peek or corrupt data: detection works on what came out; the reader reports the error.
        }
        return head[..n];
    }

    /// <summary>True when the input is stored compressed or in an archive (its content is not its bytes).</summary>
    public static bool IsCompressed(string file)
    {
        if (ZipInput.TrySplit(file, out _, out _)) return true;
        ReadOnlySpan<byte> head;
        if (file == "-") head = StandardInput.Peek(StandardInputPeekBytes);
        else
        {
            if (!File.Exists(file)) return false;
            var buffer = new byte[CompressionCodecs.MagicBytes];
            using (var s = File.OpenRead(file)) head = buffer.AsSpan(0, s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false));
            if (ZipInput.IsZip(head)) return !ZipInput.IsWorkbook(file);
        }
        return CompressionCodecs.Detect(head) is not null;
    }
}
