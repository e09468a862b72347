namespace Pipeline.Engine.Results;

/// <summary>Three readings of one run, each a list of sentences generated from templates over numbers that are in
/// <c>results.json</c>: <c>narrative.executive</c>, <c>.technical</c> and <c>.operational</c>.</summary>
/// <param name="Executive">Five plain sentences for a reader who will not open the data.</param>
/// <param name="Technical">What was checked, how, and with which thresholds.</param>
/// <param name="Operational">What to fix, in which column, with the rule to add.</param>
public sealed record RunNarrative(IReadOnlyList<string> Executive, IReadOnlyList<string> Technical, IReadOnlyList<string> Operational);
