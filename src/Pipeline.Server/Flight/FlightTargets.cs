using Pipeline.Server.Runs;
using Pipeline.Server.Storage;

namespace Pipeline.Server.Flight;

/// <summary>
/// What Flight names, and where it lies in the root: a dataset (descriptor path <c>["datasets", NAME]</c>, ticket
/// <c>datasets/NAME</c>) or a run's file (descriptor path <c>["run", ID, NAME]</c>, ticket <c>run/ID/NAME</c>): an
/// output its sinks wrote (<c>output/NAME</c>), or <c>quarantine</c> for its rejected rows. Every name is checked
/// as a REST path is (one safe component, links resolved inside the root).
/// </summary>
internal static class FlightTargets
{
    /// <summary>The ticket and descriptor name of a run's rejected rows.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>The file a path (the descriptor's path, or the ticket split at <c>/</c>) names, or an error message.</summary>
    public static (string? Path, string? Error) Resolve(IReadOnlyList<string> parts, ServeRoot root, RunManager runs)
    {
        switch (parts)
        {
            case ["datasets", var name]:
                if (root.Child(root.Datasets, name) is not { } dataset) return (null, $"dataset name '{name}': must be {SafeNames.Rule}");
                return File.Exists(dataset) ? (dataset, null) : (null, $"no dataset '{name}'");
            case ["run", var id, var name]:
                if (runs.Find(id) is not { } run) return (null, $"no run '{id}'");
                var path = name == Quarantine
                    ? Path.Combine(run.Folder, Hosting.Running.SpecRunner.QuarantineFileName)
                    : root.Child(Path.Combine(run.Folder, ServedSpec.OutputFolder), name);
                if (path is null) return (null, $"output name '{name}': must be {SafeNames.Rule}");
                if (!File.Exists(path) || !root.Contains(path))
                    return (null, run.IsFinished ? $"run '{id}' has no {(name == Quarantine ? "quarantine" : $"output '{name}'")}" : $"run '{id}' is {run.Status}: '{name}' is not written yet");
                return (path, null);
            default:
                return (null, $"'{string.Join('/', parts)}' names nothing: use datasets/NAME or run/ID/OUTPUT (or run/ID/quarantine)");
        }
    }

    /// <summary>Splits a ticket's text at <c>/</c>.</summary>
    public static IReadOnlyList<string> Parts(string ticket) => ticket.Split('/');
}
