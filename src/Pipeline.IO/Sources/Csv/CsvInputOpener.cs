using System.IO.Compression;
using System.Text;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;

using Pipeline.IO.Sources;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Opens one CSV input (a file, a gzip file, or <c>-</c> for standard input) as a stream of UTF-8 bytes with the
/// byte order mark removed, and tells what encoding it found. Raw bytes read are reported as progress.
/// </summary>
internal static class CsvInputOpener
{
    /// <summary>Where <c>-</c> reads from: the process's standard input (tests substitute a pipe-like stream).</summary>
    internal static Func<Stream> StandardInput { get; set; } = Sources.StandardInput.Open;

    /// <summary>Bytes looked at to detect the encoding.</summary>
    private const int HeadBytes = 4096;

    /// <summary>An opened input.</summary>
    /// <param name="Utf8">The decoded content.</param>
    /// <param name="Encoding">The encoding's display name.</param>
    /// <param name="IsPlainFile">True for an uncompressed UTF-8 file: byte offsets in <see cref="Utf8"/> are file offsets
    /// (minus the BOM), so regions can be sampled by seeking.</param>
    /// <param name="BomLength">Bytes of byte order mark at the start of the file.</param>
    internal sealed record Opened(Stream Utf8, string Encoding, bool IsPlainFile, int BomLength) : IDisposable
    {
        public void Dispose() => Utf8.Dispose();
    }

    /// <summary>Opens <paramref name="file"/>; <paramref name="progress"/> (when given) receives the file size and bytes read.</summary>
    /// <exception cref="PipelineException">The file is missing or unreadable, or the requested encoding is unknown.</exception>
    public static Opened Open(string file, string? requestedEncoding, IProgressReporter? progress, out long rawLength)
    {
        Stream raw;
        rawLength = 0;
        try
        {
            if (file == "-") raw = StandardInput();
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
        if (progress is not null)
        {
            progress.AddTotal(rawLength);
            raw = new ProgressReadStream(raw, progress);
        }
        try
        {
            var head = new byte[HeadBytes];
            int n = raw.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            Stream content = new PrefixedReadStream(head, n, raw);
            bool compressed = n >= 2 && head[0] == 0x1F && head[1] == 0x8B;
            if (compressed)
            {
                content = new GZipStream(content, CompressionMode.Decompress);
                head = new byte[HeadBytes];
                n = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                content = new PrefixedReadStream(head, n, content);
            }
            var detected = CsvEncodingDetector.Detect(head.AsSpan(0, n), requestedEncoding, file);
            if (detected.BomLength > 0) content.ReadExactly(new byte[detected.BomLength]);
            if (detected.Transcode is { } encoding)
                content = Encoding.CreateTranscodingStream(content, encoding, new UTF8Encoding(false), leaveOpen: false);
            return new Opened(content, detected.Name, file != "-" && !compressed && detected.Transcode is null, detected.BomLength);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }
}
