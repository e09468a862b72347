namespace Pipeline.Engine.Learn.History;

/// <summary>When a change against the baseline is drift (docs/history.md explains the defaults).</summary>
public sealed record DriftThresholds
{
    /// <summary>The defaults.</summary>
    public static DriftThresholds Default { get; } = new();

    /// <summary>PSI of a numeric column (0.2: the usual "significant shift"; a 0.5 standard deviation shift of a normal
    /// column gives about 0.24).</summary>
    public double Psi { get; init; } = 0.2;

    /// <summary>Jensen–Shannon distance of a category mix (0.05: moving 10 points of share between two categories gives
    /// 0.08 to 0.12, so the often-quoted 0.1 would miss half of such changes).</summary>
    public double JsDistance { get; init; } = 0.05;

    /// <summary>Absolute change of a column's null fraction.</summary>
    public double NullFraction { get; init; } = 0.1;
}
