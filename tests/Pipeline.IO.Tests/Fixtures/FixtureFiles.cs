using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Fixtures;

/// <summary>The small committed fixtures (see PROVENANCE.md beside this file), read in place.</summary>
internal static class FixtureFiles
{
    /// <summary>Absolute path of a fixture.</summary>
    public static string Path(string name) => System.IO.Path.Combine(Corpus.RepositoryRoot, "tests", "Pipeline.IO.Tests", "Fixtures", name);
}
