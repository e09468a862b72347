namespace Pipeline.TestSupport;

/// <summary>Locates the shared test corpus (read in place, never copied): <c>PIPELINE_CORPUS</c>, else <c>../shared/corpus</c> beside the repository.</summary>
public static class Corpus
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>Absolute path of the corpus root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Absolute path of a file or folder inside the corpus.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The repository root (the folder holding Pipeline.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("PIPELINE_CORPUS") is { Length: > 0 } env && Directory.Exists(env)) return env;
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
        if (Directory.Exists(candidate)) return candidate;
        throw new DirectoryNotFoundException($"test corpus not found at {candidate}; set PIPELINE_CORPUS");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Pipeline.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
