using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Enumerates corpus files at test time (read in place, never copied) as corpus-relative paths.</summary>
internal static class CorpusFiles
{
    /// <summary>Files under a corpus folder whose names satisfy <paramref name="include"/>, relative to the corpus root, sorted.</summary>
    public static IEnumerable<string> Under(string folder, Func<string, bool> include, bool recursive = true)
    {
        var root = Corpus.Path(folder);
        return Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(include)
            .Select(f => Path.GetRelativePath(Corpus.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Wraps paths as xunit theory rows.</summary>
    public static IEnumerable<object[]> Rows(IEnumerable<string> paths) => paths.Select(p => new object[] { p });

    /// <summary>True for names that are not documentation or expectation files.</summary>
    public static bool IsDataFile(string path)
    {
        var name = Path.GetFileName(path);
        return !name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !name.StartsWith('.');
    }
}
