using Pipeline.Core.Errors;

namespace Pipeline.IO.Sinks;

/// <summary>
/// A file written under a temporary name in the target's folder and renamed into place on <see cref="Commit"/>,
/// so readers never see a half-written output. Disposing without committing deletes the temporary file.
/// <c>-</c> writes straight to standard output (there is nothing to rename).
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly string? _tempPath;
    private bool _committed;

    private AtomicFile(string target, Stream stream, string? tempPath)
    {
        Target = target;
        Stream = stream;
        _tempPath = tempPath;
    }

    /// <summary>The final path (or <c>-</c>).</summary>
    public string Target { get; }

    /// <summary>The stream to write to.</summary>
    public Stream Stream { get; }

    /// <summary>Opens a temporary file beside <paramref name="target"/>, or standard output for <c>-</c>.</summary>
    /// <exception cref="PipelineException">The folder cannot be written.</exception>
    public static AtomicFile Create(string target)
    {
        if (target == "-") return new AtomicFile(target, new BufferedStream(Console.OpenStandardOutput(), 1 << 16), null);
        try
        {
            var full = Path.GetFullPath(target);
            var dir = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(dir);
            var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            return new AtomicFile(full, stream, temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(PipelineErrorKind.External, $"{target}: cannot create output: {ex.Message}", ex);
        }
    }

    /// <summary>Flushes and renames the temporary file to the target (replacing an existing file).</summary>
    public void Commit()
    {
        Stream.Flush();
        if (_tempPath is null) { _committed = true; return; }
        Stream.Dispose();
        File.Move(_tempPath, Target, overwrite: true);
        _committed = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_tempPath is null) { if (!_committed) Stream.Flush(); return; }
        Stream.Dispose();
        if (!_committed && File.Exists(_tempPath)) File.Delete(_tempPath);
    }
}
