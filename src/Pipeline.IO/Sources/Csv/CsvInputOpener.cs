using System.Text;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;

using Pipeline.IO.Sources;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Opens one CSV input (a file, compressed or not, an archive member, or <c>-</c> for standard input; see <see cref="InputOpener"/>) as a stream of UTF-8 bytes with the
/// byte order mark removed, and tells what encoding it found. Raw bytes read are reported as progress.
/// </summary>
internal static class CsvInputOpener
{
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
    public static Opened Open(string file, string? requestedEncoding, IProgressReporter? progress, out long rawLength, Decompression.DecompressionLimits? limits = null)
    {
        var input = InputOpener.Open(file, limits ?? new Decompression.DecompressionLimits(), progress);
        rawLength = input.RawLength;
        try
        {
            var head = new byte[HeadBytes];
            int n = input.Content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            Stream content = new PrefixedReadStream(head, n, input.Content);
            var detected = CsvEncodingDetector.Detect(head.AsSpan(0, n), requestedEncoding, file);
            if (detected.BomLength > 0) content.ReadExactly(new byte[detected.BomLength]);
            if (detected.Transcode is { } encoding)
                content = Encoding.CreateTranscodingStream(content, encoding, new UTF8Encoding(false), leaveOpen: false);
            return new Opened(content, detected.Name, file != "-" && input.IsPlain && detected.Transcode is null, detected.BomLength);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }
}
