using Pipeline.Core.Errors;
using Pipeline.IO.Sinks;

namespace Pipeline.Hosting.Running;

/// <summary>
/// Refuses, before anything is read, a run whose outputs would destroy its inputs or each other: a sink (or the
/// rejects file) that is an input file, a rule's reference table, another sink, or one of the run folder's own files.
/// Paths are compared by the file they reach (device and inode for existing files), so a symbolic link, a hard link
/// or <c>dir/../file</c> does not slip through.
/// </summary>
internal static class OutputCollisions
{
    /// <summary>The files a run folder holds.</summary>
    public static readonly string[] RunFolderFiles =
        [SpecRunner.ResultsFileName, SpecRunner.QuarantineFileName, "profile.json", "profile.state", "report.html", "dictionary.md"];

    /// <exception cref="PipelineException">Kind InvalidInput, naming both paths.</exception>
    public static void Require(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string? runFolder)
    {
        var reached = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs.Where(i => i != "-"))
            reached.TryAdd(OutputFiles.Identity(input), $"input {input}");
        if (runFolder is not null)
            foreach (var name in RunFolderFiles)
            {
                var path = Path.Combine(runFolder, name);
                reached.TryAdd(OutputFiles.Identity(path), $"the run folder's {name}");
            }
        foreach (var output in outputs.Where(o => o != "-"))
        {
            var identity = OutputFiles.Identity(output);
            if (reached.TryGetValue(identity, out var other))
                throw new PipelineException(PipelineErrorKind.InvalidInput,
                    $"output {output} is the same file as {other}: refusing to overwrite it (write the output somewhere else)");
            reached[identity] = $"output {output}";
        }
    }
}
