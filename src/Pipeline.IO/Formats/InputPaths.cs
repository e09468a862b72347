using Pipeline.Core.Errors;

namespace Pipeline.IO.Formats;

/// <summary>Expands an input argument into the files it names.</summary>
public static class InputPaths
{
    /// <summary>
    /// <c>-</c> and an archive member (<c>archive.zip#member</c>) stay as they are; a directory becomes its files (recursively, hidden files and names starting with
    /// <c>_</c> or <c>.</c> skipped, as Spark and Hive write markers such as <c>_SUCCESS</c>); a pattern with
    /// <c>*</c> or <c>?</c> in its file name part matches files in its folder (<c>**</c> in the folder part searches below it).
    /// Results are sorted ordinally so runs are deterministic.
    /// </summary>
    /// <exception cref="PipelineException">Nothing matches.</exception>
    public static IReadOnlyList<string> Expand(string path)
    {
        if (path == "-") return [path];
        if (Directory.Exists(path))
            return NonEmpty(path, Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => !IsHiddenOrMarker(Path.GetRelativePath(path, f))));
        if (path.IndexOfAny(['*', '?']) >= 0)
        {
            var dir = Path.GetDirectoryName(path);
            var pattern = Path.GetFileName(path);
            var recursive = false;
            if (dir is not null && dir.EndsWith("**", StringComparison.Ordinal))
            {
                recursive = true;
                dir = Path.GetDirectoryName(dir);
            }
            dir = string.IsNullOrEmpty(dir) ? "." : dir;
            if (dir.IndexOfAny(['*', '?']) >= 0)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: wildcards are supported in the file name (and '**' as the last folder), not in folder names");
            if (!Directory.Exists(dir))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: folder '{dir}' does not exist");
            return NonEmpty(path, Directory.EnumerateFiles(dir, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => !IsHiddenOrMarker(Path.GetRelativePath(dir, f))));
        }
        if (!File.Exists(path) && !Decompression.ZipInput.TrySplit(path, out _, out _))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: no such file or directory");
        return [path];
    }

    private static bool IsHiddenOrMarker(string relative)
        => relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') || part.StartsWith('_'));

    private static IReadOnlyList<string> NonEmpty(string path, IEnumerable<string> files)
    {
        var list = files.Order(StringComparer.Ordinal).ToList();
        if (list.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: matches no files");
        return list;
    }
}
