namespace Pipeline.Server.Storage;

/// <summary>Resolves a path the way the operating system would open it: every symbolic link along the way is
/// followed (relative targets against their folder), so a containment check sees where a path really leads.
/// Components that do not exist yet are kept as written.</summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>The absolute path with all links resolved.</summary>
    /// <exception cref="IOException">A link loop (more than 40 links).</exception>
    public static string Resolve(string path)
    {
        int links = 0;
        var pending = new Stack<string>(Components(Path.GetFullPath(path)).Reverse());
        string current = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? current; continue; }
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.Exists || Directory.Exists(next))
            {
                FileSystemInfo entry = info.Exists ? info : new DirectoryInfo(next);
                if (entry.LinkTarget is { } target)
                {
                    if (++links > MaxLinks) throw new IOException($"{path}: too many symbolic links");
                    // The target replaces this component; its own components are walked again (they may be links too).
                    var absolute = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                    foreach (var c in Components(absolute).Reverse()) pending.Push(c);
                    current = Path.GetPathRoot(absolute) ?? "/";
                    continue;
                }
            }
            current = next;
        }
        return current;
    }

    private static IEnumerable<string> Components(string path)
        => path[(Path.GetPathRoot(path)?.Length ?? 0)..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
