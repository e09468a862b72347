namespace Pipeline.Core.Options;

/// <summary>What a reader does when a value does not fit the column type inferred from the sample.</summary>
public enum TypeMismatchPolicy
{
    /// <summary>Widen the column (int64 → double → string) for the rest of the stream; earlier batches keep their
    /// values but are cast to the wider type, so the stream keeps one schema.</summary>
    Widen,
    /// <summary>Keep the inferred type and send the offending row to the quarantine with the reason.</summary>
    Quarantine,
}
