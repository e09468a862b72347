namespace Pipeline.Nab;

/// <summary>
/// One of NAB's application profiles (<c>config/profiles.json</c>): what a detection inside a window earns, what a
/// false positive and a missed window cost.
/// </summary>
/// <param name="Name">The profile's name as NAB writes it.</param>
/// <param name="TpWeight">Weight of a true positive (the earliest detection in a window).</param>
/// <param name="FpWeight">Weight of a false positive.</param>
/// <param name="FnWeight">Weight of a window without detection.</param>
public sealed record NabProfile(string Name, double TpWeight, double FpWeight, double FnWeight)
{
    /// <summary>The standard profile.</summary>
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    /// <summary>Rewards a low false-positive rate: false positives cost twice as much.</summary>
    public static NabProfile RewardLowFpRate { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /// <summary>Rewards a low false-negative rate: a missed window costs twice as much.</summary>
    public static NabProfile RewardLowFnRate { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /// <summary>The three profiles, in the order NAB's tables show them.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFpRate, RewardLowFnRate];
}
