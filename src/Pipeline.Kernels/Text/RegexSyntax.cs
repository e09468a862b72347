namespace Pipeline.Kernels.Text;

/// <summary>The parsed form of a pattern inside the DFA's subset. Captures are dropped: they never change whether a
/// value matches, and neither does laziness, so a lazy quantifier parses to the same node as a greedy one.</summary>
internal abstract record RegexSyntax;

/// <summary>Matches the empty string (an empty alternative or group).</summary>
internal sealed record EmptySyntax : RegexSyntax;

/// <summary>Consumes one character of the set.</summary>
internal sealed record CharSetSyntax(AsciiSet Set) : RegexSyntax;

/// <summary>The parts in order.</summary>
internal sealed record ConcatSyntax(IReadOnlyList<RegexSyntax> Parts) : RegexSyntax;

/// <summary>Any one of the alternatives.</summary>
internal sealed record AlternationSyntax(IReadOnlyList<RegexSyntax> Alternatives) : RegexSyntax;

/// <summary><paramref name="Body"/> repeated between <paramref name="Min"/> and <paramref name="Max"/> times;
/// <paramref name="Max"/> is null when unbounded.</summary>
internal sealed record RepeatSyntax(RegexSyntax Body, int Min, int? Max) : RegexSyntax;

/// <summary><c>^</c> without Multiline: only at the start of the value.</summary>
internal sealed record BeginAnchorSyntax : RegexSyntax;

/// <summary><c>$</c> without Multiline: at the end of the value or before a final line feed.</summary>
internal sealed record EndAnchorSyntax : RegexSyntax;
