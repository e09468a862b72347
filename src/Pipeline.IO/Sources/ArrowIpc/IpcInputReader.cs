using System.Text;
using Apache.Arrow;
using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Spill;
using Pipeline.Core.Execution;
using Pipeline.Kernels.Arrays;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// Reads one IPC input (a file in the file or stream format, or standard input) with every failure turned into a
/// <see cref="PipelineException"/> naming the input. Files up to <see cref="MaxMappedBytes"/> are memory-mapped and
/// read without copying after <see cref="IpcFramePrescan"/> has checked all headers; larger files and standard input
/// go through <see cref="ValidatingIpcStream"/>.
/// </summary>
internal sealed class IpcInputReader : IDisposable
{
    /// <summary>Largest file mapped as one view (a view is addressed with a 32-bit length).</summary>
    public const long MaxMappedBytes = int.MaxValue;

    private static readonly byte[] FileMagic = "ARROW1"u8.ToArray();
    private const int FileHeaderBytes = 8, FileTrailerBytes = 10;

    private readonly ArrowStreamReader? _reader;
    private readonly Schema? _footerSchema;
    private readonly IProgressReporter _progress;
    private readonly Queue<long>? _batchBytes;
    private readonly ValidatingIpcStream? _validating;
    private readonly long _totalBytes;
    private PipelineContext? _context;
    private long _reported;

    /// <summary>Whether an end-of-stream marker must close the input: the stream format, where nothing else tells a
    /// complete stream from one whose producer died (the file format has its footer and closing magic).</summary>
    private bool _requireEndMarker;
    private bool _allowTruncated;
    private bool _prescanSawEnd;

    private IpcInputReader(string name, ArrowStreamReader? reader, IProgressReporter progress, long totalBytes,
        Queue<long>? batchBytes, ValidatingIpcStream? validating, Schema? footerSchema = null)
    {
        Name = name;
        _reader = reader;
        _footerSchema = footerSchema;
        _progress = progress;
        _totalBytes = totalBytes;
        _batchBytes = batchBytes;
        _validating = validating;
    }

    /// <summary>The input's name in messages (the path, or "standard input").</summary>
    public string Name { get; }

    /// <summary>Opens a file, validating its headers; <paramref name="fileFormat"/> selects the IPC file format
    /// (magic, stream, footer) over the bare stream format.</summary>
    /// <exception cref="PipelineException">The file is missing, malformed or unsupported.</exception>
    public static IpcInputReader OpenFile(string path, bool fileFormat, PipelineContext context, long maxMappedBytes = MaxMappedBytes,
        bool allowTruncated = false)
    {
        return Guard(path, () =>
        {
            long length = new FileInfo(path).Length;
            if (length == 0) throw new InvalidDataException("the file is empty");
            // Streams are often saved with a file extension (.arrow); read those as what they are.
            if (fileFormat && StartsWithStreamMarker(path)) fileFormat = false;
            var (start, regionLength) = fileFormat ? FileRegion(path, length) : (0L, length);
            if (fileFormat && HoldsNoMessages(path, start, regionLength))
                return new IpcInputReader(path, null, context.Progress, length, null, null, FooterSchema(path, length));
            long limit = context.Options.MemoryLimit;
            if (length > 0 && length <= maxMappedBytes)
            {
                var mapping = MappedFileMemory.Map(path, length);
                var memory = mapping.Memory.Slice((int)start, (int)regionLength);
                Queue<long> batchBytes;
                bool sawEnd;
                try
                {
                    batchBytes = IpcFramePrescan.Validate(memory, limit, out sawEnd, out long complete, allowTruncated && !fileFormat);
                    // A stream cut inside a message (accepted with --allow-truncated) is read up to its last whole message.
                    if (!sawEnd) memory = memory[..(int)complete];
                }
                catch
                {
                    // Nothing has been read from the mapping yet, so it can go now rather than at the next GC.
                    ((IDisposable)mapping).Dispose();
                    throw;
                }
                var reader = new ArrowStreamReader(memory, new CompressionCodecFactory());
                return new IpcInputReader(path, reader, context.Progress, length, batchBytes, null)
                {
                    _context = context, _requireEndMarker = !fileFormat, _prescanSawEnd = sawEnd, _allowTruncated = allowTruncated,
                };
            }
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            file.Position = start;
            var validating = new ValidatingIpcStream(file, regionLength, limit, allowTruncated && !fileFormat);
            return new IpcInputReader(path, new ArrowStreamReader(validating, new CompressionCodecFactory()),
                context.Progress, length, null, validating) { _context = context, _requireEndMarker = !fileFormat, _allowTruncated = allowTruncated };
        });
    }

    /// <summary>Reads the IPC stream format from a stream such as standard input (which it takes ownership of).</summary>
    public static IpcInputReader OpenStream(string name, Stream input, PipelineContext context, bool allowTruncated = false)
    {
        var validating = new ValidatingIpcStream(input, null, context.Options.MemoryLimit, allowTruncated);
        return new IpcInputReader(name, new ArrowStreamReader(validating, new CompressionCodecFactory()), context.Progress, 0, null, validating)
        {
            _context = context, _requireEndMarker = true, _allowTruncated = allowTruncated,
        };
    }

    /// <summary>The input's schema (reads the first message).</summary>
    public Schema Schema => _footerSchema ?? Guard(Name, () => _reader!.Schema ?? _reader.GetSchema().AsTask().GetAwaiter().GetResult()
        ?? throw new InvalidDataException("the input holds no schema message"));

    /// <summary>The next batch, or null at the end of the input.</summary>
    public RecordBatch? ReadNext(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = Guard(Name, () =>
        {
            var b = _reader?.ReadNextRecordBatch();
            if (b is null) return null;
            try
            {
                // Untrusted bytes: every array is checked against its buffers before anything reads a value.
                ArrayValidation.Validate(b);
            }
            catch
            {
                b.Dispose();
                throw;
            }
            return b;
        });
        if (batch is null) RequireEndMarker();
        ReportProgress(end: batch is null);
        return batch;
    }

    /// <summary>At the end of a stream-format input: without its end-of-stream marker the producer stopped midway,
    /// and the batches read so far are not the whole stream.</summary>
    private void RequireEndMarker()
    {
        if (!_requireEndMarker || _reader is null) return;
        _requireEndMarker = false;
        bool sawEnd = _validating?.SawEndMarker ?? _prescanSawEnd;
        if (sawEnd) return;
        const string Problem = "the Arrow IPC stream ends without its end-of-stream marker, so it is truncated (its producer stopped or the pipe was cut)";
        if (!_allowTruncated)
            throw PipelineException.InvalidInput(Name, $"{Problem}; pass --allow-truncated to accept the complete batches read so far");
        _context?.MarkInputTruncated($"{Name}: {Problem}; the complete batches before the cut were read (--allow-truncated)");
    }

    private void ReportProgress(bool end)
    {
        long now = _validating?.Consumed ?? _reported + (_batchBytes is { Count: > 0 } q ? q.Dequeue() : 0);
        if (end && _totalBytes > 0) now = _totalBytes;
        if (now > _reported)
        {
            _progress.Advance(now - _reported);
            _reported = now;
        }
    }

    // Apache.Arrow's own file writer puts the schema only in the footer when no batch was written, so the embedded
    // stream is just an end-of-stream marker: the schema then comes from the footer.
    private static bool HoldsNoMessages(string path, long start, long regionLength)
    {
        if (regionLength < 8) return true;
        Span<byte> head = stackalloc byte[8];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        file.Position = start;
        file.ReadExactly(head);
        return IpcFraming.ReadPrefix(head).MetadataLength == 0;
    }

    private static Schema FooterSchema(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        Span<byte> size = stackalloc byte[4];
        file.Position = length - FileTrailerBytes;
        file.ReadExactly(size);
        var footer = new byte[BitConverter.ToInt32(size)]; // bounded by the file size in FileRegion
        file.Position = length - FileTrailerBytes - footer.Length;
        file.ReadExactly(footer);
        IpcMessageValidator.ValidateFooterSchema(footer);
        file.Position = 0;
        using var reader = new ArrowFileReader(file, leaveOpen: true);
        return reader.Schema;
    }

    private static bool StartsWithStreamMarker(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && BitConverter.ToInt32(head) == IpcFraming.Continuation;
    }

    private static (long Start, long Length) FileRegion(string path, long length)
    {
        if (length < FileHeaderBytes + FileTrailerBytes)
            throw new InvalidDataException($"{length} bytes is too short for an Arrow IPC file");
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        Span<byte> head = stackalloc byte[6];
        file.ReadExactly(head);
        Span<byte> tail = stackalloc byte[FileTrailerBytes];
        file.Position = length - FileTrailerBytes;
        file.ReadExactly(tail);
        if (!head.SequenceEqual(FileMagic)) throw new InvalidDataException("missing ARROW1 magic at the start: not an Arrow IPC file");
        if (!tail[4..].SequenceEqual(FileMagic)) throw new InvalidDataException("missing ARROW1 magic at the end: the file is truncated");
        int footerLength = BitConverter.ToInt32(tail);
        long streamLength = length - FileHeaderBytes - FileTrailerBytes - (long)footerLength;
        if (footerLength < 0 || streamLength < 0) throw new InvalidDataException($"footer length {footerLength} does not fit the {length}-byte file");
        // The file format embeds a complete IPC stream between the header and the footer: read that.
        return (FileHeaderBytes, streamLength);
    }

    /// <summary>Runs an Arrow call and turns every failure but cancellation into a <see cref="PipelineException"/>.</summary>
    private static T Guard<T>(string name, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not PipelineException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw Describe(name, ex);
        }
    }

    private static PipelineException Describe(string name, Exception ex) => ex switch
    {
        UnsupportedIpcFeatureException => PipelineException.InvalidInput(name, $"unsupported Arrow IPC input: {ex.Message}", ex),
        FileNotFoundException or DirectoryNotFoundException => PipelineException.InvalidInput(name, "no such file", ex),
        UnauthorizedAccessException or (IOException and not EndOfStreamException) => new PipelineException(PipelineErrorKind.External, $"{name}: cannot read: {ex.Message}", ex),
        _ => PipelineException.InvalidInput(name, $"not a valid Arrow IPC input: {FirstLine(ex.Message)}", ex),
    };

    private static string FirstLine(string message)
    {
        var sb = new StringBuilder(message.Length);
        foreach (var c in message) { if (c is '\n' or '\r') break; sb.Append(c); }
        return sb.ToString();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The stream reader owns the validating stream (and the file under it); a mapping is released by its
        // finalizer when no batch references it any more.
        _reader?.Dispose();
    }
}
