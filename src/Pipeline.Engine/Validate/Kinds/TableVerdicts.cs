using System.Globalization;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>The judgements table kinds share: a value within a range, a fraction against a limit.</summary>
internal static class TableVerdicts
{
    /// <summary>Whether an aggregate is within [low, high]; an undefined one (no numbers) fails.</summary>
    public static TableVerdict Ranged(double? value, Rule rule, string name)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        return value is { } v
            ? new(v >= lo && v <= hi, Stable(v), $"{name} {RuleText.Number(Stable(v))} is outside [{RuleText.Number(lo)}, {RuleText.Number(hi)}]")
            : new(false, null, $"{name} is undefined: no numeric values");
    }

    /// <summary>A fraction judged by <paramref name="ok"/>, shown rounded to six places in <paramref name="what"/>'s {0}.</summary>
    public static TableVerdict Fraction(double f, Func<double, bool> ok, string what)
        => new(ok(f), Math.Round(f, 6), string.Format(CultureInfo.InvariantCulture, what, RuleText.Number(Math.Round(f, 6))));

    /// <summary>An aggregate rounded to 12 significant digits: sums and deviations merged from worker states in a
    /// different order differ in the last bits, and results must not depend on parallelism or batch size. The check
    /// itself uses the unrounded value.</summary>
    private static double Stable(double v)
    {
        if (v == 0 || !double.IsFinite(v)) return v;
        int digits = 12 - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v)));
        return digits is >= 0 and <= 15 ? Math.Round(v, digits) : double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
