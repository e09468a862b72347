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

    /// <summary>Kolmogorov–Smirnov D of a numeric column (0.1: a 0.5 standard deviation shift of a normal column gives
    /// about 0.2; below 0.1 a large load makes any difference significant without it mattering).</summary>
    public double KsStatistic { get; init; } = 0.1;

    /// <summary>Cramér's V of a category mix (0.05: moving 10 points of share between two categories gives about 0.1).</summary>
    public double CramersV { get; init; } = 0.05;

    /// <summary>The p-value the Kolmogorov–Smirnov and chi-square tests must also fall below.</summary>
    public double PValue { get; init; } = 0.001;

    /// <summary>Relative change of the distinct count of a column that is not mostly unique (0.5: half again as many
    /// values, or a third fewer).</summary>
    public double DistinctChange { get; init; } = 0.5;
}
