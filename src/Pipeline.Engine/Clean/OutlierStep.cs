namespace Pipeline.Engine.Clean;

/// <summary>Outlier treatment.</summary>
/// <param name="Method">Detection method.</param>
/// <param name="K">The multiplier (null: the method's default).</param>
/// <param name="Action">What to do with outliers.</param>
public sealed record OutlierStep(OutlierMethod Method, double? K, OutlierAction Action)
{
    /// <summary>The multiplier in effect.</summary>
    public double EffectiveK => K ?? Method switch { OutlierMethod.Iqr => 1.5, OutlierMethod.ZScore => 3, _ => 3.5 };
}
