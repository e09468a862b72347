namespace Pipeline.Engine.Clean;

/// <summary>What parsing produces.</summary>
public enum ParseTarget
{
    /// <summary>A double.</summary>
    Number,
    /// <summary>A date (Arrow date32).</summary>
    Date,
    /// <summary>A UTC timestamp (microseconds).</summary>
    Timestamp,
}
