namespace Pipeline.Engine.Clean;

/// <summary>Case conversions.</summary>
public enum TextCase
{
    /// <summary>Lower case (invariant culture).</summary>
    Lower,
    /// <summary>Upper case (invariant culture).</summary>
    Upper,
    /// <summary>First letter of each word upper, the rest lower.</summary>
    Title,
}
