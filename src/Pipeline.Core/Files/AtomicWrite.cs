namespace Pipeline.Core.Files;

/// <summary>
/// Writes a whole file so that readers see either the old content or the new, never a half-written one: the bytes
/// go to a temporary file in the same folder, then it is renamed over the target. The temporary name is unique and
/// unguessable (<c>.NAME.PID.GUID.tmp</c>) and created exclusively (<c>O_EXCL</c>), so a file or symbolic link
/// planted under a predictable name is never followed; it is deleted on every failure path.
/// </summary>
public static class AtomicWrite
{
    /// <summary>A fresh temporary path beside <paramref name="target"/> (see the class remarks for its shape).</summary>
    public static string TemporaryPathFor(string target)
    {
        var full = Path.GetFullPath(target);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Writes the content through <paramref name="write"/> into a temporary file, then
    /// renames it to <paramref name="target"/> (replacing it).</summary>
    /// <param name="target">The final path.</param>
    /// <param name="write">Writes the content into the stream it is given.</param>
    /// <param name="durable">Flush to disk before the rename (for manifests that must never point at lost data).</param>
    public static void Write(string target, Action<Stream> write, bool durable = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temp = TemporaryPathFor(target);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                if (durable) file.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) atomically.</summary>
    public static void WriteText(string target, string text)
        => Write(target, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(text);
        });
}
