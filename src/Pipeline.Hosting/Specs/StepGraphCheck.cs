using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>
/// Checks how the steps of a spec connect before anything runs: names are unique, every name a step reads is a
/// source or an earlier step (so the plan has no cycle), and a step without <c>from:</c> reads the step before it
/// (the first step: the only source).
/// </summary>
internal static class StepGraphCheck
{
    /// <summary>The steps with their defaults filled in.</summary>
    /// <exception cref="Core.Errors.PipelineException">A name is unknown, repeated or read before it is made.</exception>
    public static List<StepSpec> Resolve(YamlNodes y, YamlNode stepsNode, IReadOnlyCollection<string> sources, List<StepSpec> steps)
    {
        var items = ((YamlSequenceNode)stepsNode).Children;
        var known = new List<string>(sources);
        var resolved = new List<StepSpec>();
        for (int i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (known.Contains(step.Name))
                throw y.Error(items[i], sources.Contains(step.Name) ? $"step '{step.Name}' has the name of a source" : $"step '{step.Name}' is named twice");
            if (step.From.Count == 0)
            {
                if (i > 0) step = step with { From = [steps[i - 1].Name] };
                else if (sources.Count == 1) step = step with { From = [.. sources] };
                else throw y.Error(items[i], $"step '{step.Name}' needs 'from:' (one of the sources: {string.Join(", ", sources)})");
            }
            foreach (var input in step.Inputs)
            {
                if (known.Contains(input)) continue;
                var later = steps.Skip(i).Any(s => s.Name == input);
                throw y.Error(items[i], later
                    ? $"step '{step.Name}' reads '{input}', which is a later step (a step reads sources and earlier steps)"
                    : $"step '{step.Name}' reads '{input}', which is neither a source nor an earlier step" +
                      (YamlNodes.Suggest(input, known) is { } s ? $" (did you mean '{s}'?)" : $" (known: {string.Join(", ", known)})"));
            }
            known.Add(step.Name);
            resolved.Add(step);
        }
        return resolved;
    }
}
