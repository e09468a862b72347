using Pipeline.Core.Operators.Sort;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Building;

/// <summary>
/// The step operations of a <see cref="DataPipeline"/> as the steps of a spec. Within a step the operations run in
/// the spec's fixed order (select, rename, cast, derive, filter, rules, join, aggregate, union, sort, limit); a call
/// that would have to run before an operation already in the current step starts a new step reading it, so a
/// fluent chain runs in the order it is written (<c>.Aggregate(..).Filter(..)</c> filters the groups).
/// </summary>
internal sealed record StepChain(IReadOnlyList<StepSpec> Steps, IReadOnlyDictionary<string, DataSource> Inputs)
{
    /// <summary>The name of the pipeline's own input among the steps' sources.</summary>
    public const string InputName = "input";

    /// <summary>No step yet.</summary>
    public static StepChain Empty { get; } = new([], new Dictionary<string, DataSource>());

    /// <summary>The operations' ranks in a step's fixed order.</summary>
    public enum Rank { Select, Rename, Cast, Derive, Filter, Join, Aggregate, Union, Sort, Limit }

    /// <summary>Adds an operation of <paramref name="rank"/> via <paramref name="change"/> to the current step, or to a new one.</summary>
    public StepChain With(Rank rank, Func<StepSpec, StepSpec> change)
    {
        var steps = Steps.ToList();
        if (steps.Count == 0 || HighestRank(steps[^1]) >= rank)
            steps.Add(new StepSpec($"step{steps.Count + 1}", "api") { From = [steps.Count == 0 ? InputName : steps[^1].Name] });
        steps[^1] = change(steps[^1]);
        return this with { Steps = steps };
    }

    /// <summary>Registers another input (a join's table, a union's input) and returns its name.</summary>
    public (StepChain Chain, string Name) WithInput(DataSource input)
    {
        var name = $"input{Inputs.Count + 2}";
        var inputs = new Dictionary<string, DataSource>(Inputs) { [name] = input };
        return (this with { Inputs = inputs }, name);
    }

    private static Rank? HighestRank(StepSpec step)
    {
        if (step.Limit is not null) return Rank.Limit;
        if (step.Sort.Count > 0) return Rank.Sort;
        if (step.Union.Count > 0) return Rank.Union;
        if (step.Aggregate is not null) return Rank.Aggregate;
        if (step.Join is not null) return Rank.Join;
        if (step.Filter is not null) return Rank.Filter;
        if (step.Derive.Count > 0) return Rank.Derive;
        if (step.Cast.Count > 0) return Rank.Cast;
        if (step.Rename.Count > 0) return Rank.Rename;
        if (step.Select is not null) return Rank.Select;
        return null;
    }

    /// <summary>Parses sort keys written as in a spec (<c>"revenue desc"</c>), with the spec reader's rules.</summary>
    public static IReadOnlyList<SortKey> SortKeys(IEnumerable<string> keys)
        => [.. keys.Select(key => OperatorSpecReader.TryParseKey(key) ?? throw new ArgumentException(OperatorSpecReader.KeyError(key), nameof(keys)))];
}
