using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;
using Pipeline.Server.Storage;

namespace Pipeline.Server.Runs;

/// <summary>A spec refused by the server, with the key that was wrong.</summary>
internal sealed class ServedSpecException(string message) : Exception(message);

/// <summary>A run submitted while the server shuts down.</summary>
internal sealed class ServerStoppingException() : Exception("the server is shutting down and takes no new runs");

/// <summary>
/// Turns a submitted spec (YAML, or JSON, which is YAML too) into a spec the server may run. It is read by the
/// same <see cref="SpecReader"/> as <c>pipeline run</c>, with relative paths resolving against the serve root; then
/// every path in it is checked: inputs (sources, rule reference tables) must lead, links resolved, to files inside
/// the root; outputs are relative names placed in the run's <c>output/</c> folder; database sources and sinks,
/// standard input and URLs are refused, since they reach outside the root.
/// </summary>
internal static class ServedSpec
{
    /// <summary>The folder of a run's sink outputs.</summary>
    public const string OutputFolder = "output";

    /// <summary>Reads and checks <paramref name="text"/> for run <paramref name="id"/>.</summary>
    /// <exception cref="ServedSpecException">The spec is invalid or reaches outside the root (the message names the key).</exception>
    public static PipelineSpec Prepare(ServeRoot root, string id, string text, string runFolder, long? memoryShare)
    {
        var spec = Read(root, id, text);
        var check = new Checker(root, Path.Combine(runFolder, OutputFolder));
        check.Source("source", spec.Source);
        foreach (var (name, source) in spec.Sources) check.Source($"sources.{name}", source);
        check.Rules("rules", spec.Rules);
        var sinks = spec.Sinks.Select((s, i) => check.Sink($"sinks[{i}]", s)).ToList();
        var steps = spec.Steps.Select(step =>
        {
            check.Rules($"steps.{step.Name}.rules", step.Rules);
            return step with { Sinks = step.Sinks.Select((s, i) => check.Sink($"steps.{step.Name}.sinks[{i}]", s)).ToList() };
        }).ToList();
        if (spec.History is { } history && history != Hosting.Running.History.HistoryLocation.Off && !root.Contains(history))
            throw new ServedSpecException($"options.history: '{history}' is outside the serve root");

        var options = spec.Options;
        // Spill files go to the run folder (the engine's default) unless the spec names a folder inside the root; a
        // PIPELINE_SPILL_DIR in the server's environment is dropped, since it may lie outside the root.
        var fromEnvironment = new PipelineOptions().WithEnvironment().SpillDirectory;
        if (options.SpillDirectory is { } spill && spill != fromEnvironment && !root.Contains(Path.GetFullPath(spill, root.Path)))
            throw new ServedSpecException($"options.spill_dir: '{spill}' is outside the serve root");
        if (options.SpillDirectory is { } inside && inside != fromEnvironment) options = options with { SpillDirectory = Path.GetFullPath(inside, root.Path) };
        if (options.SpillDirectory is not null && options.SpillDirectory == fromEnvironment) options = options with { SpillDirectory = null };
        if (memoryShare is { } share && share < options.MemoryLimit) options = options with { MemoryLimit = share };

        var saved = Path.Combine(root.Specs, id + ".yaml");
        File.WriteAllText(saved, text);
        return spec with { Sinks = sinks, Steps = steps, Options = options.Validate(), SpecPath = saved };
    }

    /// <summary>Parses the text as if it were a spec file at the top of the root, so relative paths (rule reference
    /// tables included, which the rules reader resolves against an existing spec file) resolve against the root.</summary>
    private static PipelineSpec Read(ServeRoot root, string id, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ServedSpecException("the request body must be a spec (YAML or JSON); it is empty");
        var place = Path.Combine(root.Path, $".spec-{id}.yaml");
        File.WriteAllText(place, text);
        try
        {
            return SpecReader.Parse(text, place);
        }
        catch (PipelineException ex)
        {
            throw new ServedSpecException(ex.Message.Replace(place, "spec", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(place);
        }
    }

    /// <summary>The path checks, each naming the spec key it checks.</summary>
    private sealed class Checker(ServeRoot root, string outputFolder)
    {
        public void Source(string key, SourceSpec source)
        {
            if (source.Instance is not null) throw new ServedSpecException($"{key}: database sources are not served (only files inside the serve root)");
            Input(key, source.Path);
        }

        public void Rules(string key, Engine.Validate.RuleSet? rules)
        {
            foreach (var rule in rules?.Rules ?? [])
                if (rule.Reference is { } reference) Input($"{key}.{rule.Name}", reference.Path);
        }

        public SinkSpec Sink(string key, SinkSpec sink)
        {
            if (sink.Instance is not null) throw new ServedSpecException($"{key}: database sinks are not served (outputs are files in the run folder)");
            if (sink.Path == "-" || !Path.IsPathRooted(sink.Path) || !IsUnder(root.Path, sink.Path))
                throw new ServedSpecException($"{key}: '{(sink.Path == "-" ? "-" : Path.GetRelativePath(root.Path, sink.Path))}' must be a relative file name (it is written into the run's {OutputFolder}/ folder)");
            var relative = Path.GetRelativePath(root.Path, sink.Path);
            var placed = Path.Combine(outputFolder, relative);
            if (!IsUnder(outputFolder, placed) || !root.Contains(placed))
                throw new ServedSpecException($"{key}: '{relative}' must be a relative file name inside the run's {OutputFolder}/ folder");
            return sink with { Path = placed };
        }

        private void Input(string key, string path)
        {
            if (path == "-") throw new ServedSpecException($"{key}: standard input is not served; name a dataset (datasets/NAME)");
            if (path.Contains("://", StringComparison.Ordinal)) throw new ServedSpecException($"{key}: '{path}' is a URL; name a dataset (datasets/NAME)");
            if (!Path.IsPathRooted(path) || !IsUnder(root.Path, path))
                throw new ServedSpecException($"{key}: '{Path.GetRelativePath(root.Path, path)}' is outside the serve root; name a dataset (datasets/NAME)");
            IReadOnlyList<string> files;
            try { files = InputPaths.Expand(path); }
            catch (PipelineException ex) { throw new ServedSpecException($"{key}: {ex.Message.Replace(root.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)}"); }
            foreach (var file in files)
                if (!root.Contains(file)) throw new ServedSpecException($"{key}: '{Path.GetRelativePath(root.Path, file)}' leads outside the serve root (a symbolic link)");
        }

        private static bool IsUnder(string folder, string path)
        {
            var full = Path.GetFullPath(path);
            return full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
    }
}
