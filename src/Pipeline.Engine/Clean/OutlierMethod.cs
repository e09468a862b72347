namespace Pipeline.Engine.Clean;

/// <summary>Outlier detection methods.</summary>
public enum OutlierMethod
{
    /// <summary>Outside [Q1 − k·IQR, Q3 + k·IQR] (default k 1.5).</summary>
    Iqr,
    /// <summary>More than k standard deviations from the mean (default k 3).</summary>
    ZScore,
    /// <summary>More than k robust deviations (1.4826·MAD) from the median (default k 3.5).</summary>
    Mad,
}
