namespace Pipeline.Core.Operators.Join;

/// <summary>Which rows a hash join returns (SQL semantics; a NULL key never matches anything).</summary>
public enum JoinKind
{
    /// <summary>One row per matching (probe, build) pair.</summary>
    Inner,

    /// <summary>Inner rows, plus every probe row without a match once, its build columns null.</summary>
    Left,

    /// <summary>Probe rows with at least one match, once each, probe columns only.</summary>
    Semi,

    /// <summary>Probe rows with no match (a null key included), probe columns only.</summary>
    Anti,
}
