using Pipeline.IO.Formats;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>The layout of steps in a run folder: <c>steps/NAME/</c> holds a step's results, quarantine, profile and,
/// when a later step reads it, its output as Arrow IPC (<c>output.arrow</c>).</summary>
internal static class StepCheckpoints
{
    /// <summary>File name of a step's output checkpoint.</summary>
    public const string OutputFileName = "output.arrow";

    /// <summary>The folder of a step.</summary>
    public static string Folder(string runFolder, string step) => Path.Combine(runFolder, "steps", step);

    /// <summary>The checkpoint sink of a step.</summary>
    public static SinkSpec Sink(string runFolder, string step, string file = OutputFileName)
        => new(Path.Combine(Folder(runFolder, step), file), new SinkOptions { Format = "arrow" });

    /// <summary>The checkpoint of a step read as a source.</summary>
    public static SourceSpec Source(string runFolder, string step, string file = OutputFileName)
        => new(Path.Combine(Folder(runFolder, step), file), new SourceOptions { Format = "arrow" });
}
