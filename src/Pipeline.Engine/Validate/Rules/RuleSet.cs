using Pipeline.Core.Errors;

namespace Pipeline.Engine.Validate;

/// <summary>An ordered list of rules with unique names.</summary>
public sealed class RuleSet
{
    /// <summary>Creates a set; names must be unique.</summary>
    /// <exception cref="PipelineException">Two rules share a name.</exception>
    public RuleSet(IEnumerable<Rule> rules)
    {
        Rules = rules.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in Rules)
            if (!seen.Add(r.Name))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{(r.Location is null ? "" : r.Location + ": ")}rule name '{r.Name}' is used twice");
    }

    /// <summary>The rules in declaration order (results keep this order).</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>True when there are no rules.</summary>
    public bool IsEmpty => Rules.Count == 0;
}
