using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Enrich;

/// <summary>The enrich stage's part: adds the enrichments in the <see cref="TransformSlot.Enrich"/> slot (after the
/// rules, so they see validated rows) and writes <c>enrich[]</c> of <c>results.json</c>.</summary>
/// <param name="step">The step's name (the spec's name for a single-input spec), for messages.</param>
/// <param name="specs">The enrichments as written.</param>
public sealed class EnrichPart(string step, IReadOnlyList<EnrichmentSpec> specs) : IStagePart
{
    private EnrichTransform? _transform;

    /// <inheritdoc />
    public Task ContributeAsync(RunPlanBuilder plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _transform = new EnrichTransform(step, [.. specs.Select(s => s.Create(step))]);
        plan.AddTransform(TransformSlot.Enrich, _transform);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run)
    {
        ArgumentNullException.ThrowIfNull(results);
        return _transform is null ? results : results with { Enrich = [.. _transform.Enrichments.Select(e => e.Result())] };
    }
}
