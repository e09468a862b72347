namespace Pipeline.Engine.Document.Svg;

/// <summary>The report's colours (readable in print and for common colour-vision deficiencies: blue and orange).</summary>
public static class Palette
{
    /// <summary>Bars and lines.</summary>
    public const string Primary = "#3b6ea8";
    /// <summary>Flagged points and missing cells.</summary>
    public const string Flag = "#d9480f";
    /// <summary>Axes and grid lines.</summary>
    public const string Axis = "#999";
    /// <summary>Present cells.</summary>
    public const string Present = "#dfe7f1";

    /// <summary>A diverging colour for a correlation in [-1, 1]: orange for negative, white for 0, blue for positive.</summary>
    public static string Diverging(double value)
    {
        double t = Math.Clamp(Math.Abs(value), 0, 1);
        (int r, int g, int b) end = value >= 0 ? (59, 110, 168) : (217, 72, 15);
        int Mix(int c) => (int)Math.Round(255 + (c - 255) * t);
        return $"#{Mix(end.r):x2}{Mix(end.g):x2}{Mix(end.b):x2}";
    }
}
