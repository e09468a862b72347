namespace Pipeline.Core.Files;

/// <summary>
/// Writes a whole file so that readers see either the old content or the new, never a half-written one: the bytes
/// go to a temporary file in the same folder, then it is renamed over the target. The temporary name is unique and
/// unguessable (<c>.NAME.PID.GUID.tmp</c>) and created exclusively (<c>O_EXCL</c>), so a file or symbolic link
/// planted under a predictable name is never followed; it is deleted on every failure path, and one a killed process
/// left behind is deleted by the next write of the same target.
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
        // A run killed while writing (results.json, a step's manifest) leaves its temporary behind; nothing else
        // would ever remove it, since only a write of the same target knows its name.
        RemoveStaleTemporaries(target);
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

    /// <summary>Deletes the <c>.NAME.PID.GUID.tmp</c> files of <paramref name="target"/> whose process is gone (a
    /// killed run); those of a live process (a concurrent writer of the same target) are left alone.</summary>
    public static void RemoveStaleTemporaries(string target)
    {
        var full = Path.GetFullPath(target);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        string[] candidates;
        try { candidates = Directory.GetFiles(dir, $".{name}.*.tmp"); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return; }
        foreach (var path in candidates)
        {
            var parts = Path.GetFileName(path)[(name.Length + 2)..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], out int pid) || ProcessIsAlive(pid)) continue;
            try { File.Delete(path); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* someone else's: leave it */ }
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) atomically.</summary>
    public static void WriteText(string target, string text)
        => Write(target, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(text);
        });
}
