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

    /// <summary>Opens a temporary file beside <paramref name="target"/>, or standard output for <c>-</c>. A device
    /// (<c>/dev/null</c>) or named pipe at the target is written into directly, never replaced by a file; a folder,
    /// socket or block device there is refused. Temporary files left by a killed run for the same target are removed.</summary>
    /// <exception cref="PipelineException">The folder cannot be written, or the target cannot hold a file.</exception>
    public static AtomicFile Create(string target)
    {
        if (target == "-") return new AtomicFile(target, new BufferedStream(StandardOutputStream.Open(), 1 << 16), null);
        try
        {
            var full = Path.GetFullPath(target);
            switch (OutputFiles.KindOf(full))
            {
                case OutputFileKind.CharacterDevice or OutputFileKind.Fifo:
                    return new AtomicFile(full, new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16), null);
                case OutputFileKind.Other:
                    throw new PipelineException(PipelineErrorKind.InvalidInput,
                        $"{target}: is a folder, socket or block device; refusing to replace it with an output file");
            }
            var dir = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(dir);
            Core.Files.AtomicWrite.RemoveStaleTemporaries(full);
            // Unique, unguessable and created exclusively (O_EXCL): a file or link planted under the name fails the
            // open instead of being followed.
            var temp = Core.Files.AtomicWrite.TemporaryPathFor(full);
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
        if (_tempPath is null)
        {
            // Standard output, a device or a pipe: nothing to undo. A reader that went away already failed the write
            // (or the commit) with its own error, which must not be masked here.
            try { Stream.Dispose(); }
            catch (Exception ex) when (ex is PipelineException or IOException) { }
            return;
        }
        Stream.Dispose();
        if (!_committed && File.Exists(_tempPath)) File.Delete(_tempPath);
    }
}
