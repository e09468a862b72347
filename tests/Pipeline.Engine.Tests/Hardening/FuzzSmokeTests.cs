using Pipeline.Fuzz;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Hardening;

/// <summary>
/// The CI side of the fuzzers (tests/Pipeline.Fuzz): every target's entry function runs in process over every seed
/// and every past finding (tests/Pipeline.Fuzz/findings/TARGET, one file per crash afl-fuzz found, kept after the
/// fix). An input passes when it is read or refused with a clear error within the time bound; any other exception
/// escaping <see cref="FuzzTargets.Run"/> fails the test with the input's name. The long coverage-guided runs are
/// <c>tests/Pipeline.Fuzz/fuzz.sh</c>, outside CI.
/// </summary>
public sealed class FuzzSmokeTests
{
    // Generous for a loaded 2-core CI machine: the slowest seed takes well under a second here; a hang does not end.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static string Folder(string kind, string target) =>
        Path.Combine(Corpus.RepositoryRoot, "tests", "Pipeline.Fuzz", kind, target);

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.Names)
            foreach (var kind in new[] { "seeds", "findings" })
            {
                var folder = Folder(kind, target);
                if (!Directory.Exists(folder)) continue;
                foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
                    if (Path.GetFileName(file) != "README.md") data.Add(target, Path.GetRelativePath(Corpus.RepositoryRoot, file));
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_is_read_or_refused_clearly_in_time(string target, string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Corpus.RepositoryRoot, file));
        var run = Task.Run(() => FuzzTargets.Run(target, bytes));
        // Wait rethrows a finding (any exception Run lets escape) wrapped in AggregateException, with its stack.
        Assert.True(run.Wait(Bound), $"{target} {file}: still running after {Bound.TotalSeconds} s");
    }

    [Fact]
    public void Every_target_has_seeds()
    {
        // A target whose seed folder went missing would pass the theory above by running nothing.
        foreach (var target in FuzzTargets.Names)
            Assert.True(Directory.Exists(Folder("seeds", target)) && Directory.GetFiles(Folder("seeds", target)).Length >= 2,
                $"tests/Pipeline.Fuzz/seeds/{target} needs at least two seeds");
    }

    [Fact]
    public void A_finding_escapes_the_entry_function()
    {
        // The oracle must be able to fail: an unknown target is a programming error, not a clear refusal of the input.
        Assert.Throws<ArgumentException>(() => FuzzTargets.Run("no-such-target", [1, 2, 3]));
    }
}
