namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Text statistics.</summary>
public sealed record StringProfile(long LengthMin, long LengthMax, double? LengthMean, long Empty, long WhitespaceOnly,
    IReadOnlyDictionary<string, long> CharacterClasses, IReadOnlyList<ValueCount> Patterns);
