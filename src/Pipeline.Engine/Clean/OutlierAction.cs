namespace Pipeline.Engine.Clean;

/// <summary>What happens to an outlier.</summary>
public enum OutlierAction
{
    /// <summary>Keep it; add a boolean column <c>COLUMN_outlier</c>.</summary>
    Flag,
    /// <summary>Winsorize: replace it with the nearer fence.</summary>
    Clip,
    /// <summary>Replace it with null.</summary>
    Null,
    /// <summary>Quarantine the row (through a generated row rule named <c>COLUMN_outliers</c>).</summary>
    Quarantine,
}
