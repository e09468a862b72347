using Pipeline.Cli.Terminal;
using Pipeline.Engine.Partitioned;
using Pipeline.Hosting.Running;

namespace Pipeline.Cli.Commands;

/// <summary>Writes a run's mergeable state (<c>--state FILE</c>) when the run asked for one and did not fail.</summary>
internal static class StateOutput
{
    public static void Write(SpecRunResult job, string? path)
    {
        if (path is null || job.Error is not null) return;
        if (job.State is not { } state)
            throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput,
                "--state: this run kept no mergeable state (a spec with steps: is run step by step; partition its steps' inputs instead)");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        RunStateFile.Write(new RunState([state]), path);
        ErrorOutput.Info($"pipeline: state written to {Path.GetFullPath(path)} ({new FileInfo(path).Length:N0} bytes)");
    }
}
