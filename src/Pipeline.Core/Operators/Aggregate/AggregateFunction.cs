namespace Pipeline.Core.Operators.Aggregate;

/// <summary>What an aggregate computes per group.</summary>
public enum AggregateFunction
{
    /// <summary>Rows in the group (no column) or non-null values of the column; int64.</summary>
    Count,

    /// <summary>Sum of the non-null values of a numeric column; float64, null when the group has none.</summary>
    Sum,

    /// <summary>Smallest non-null, non-NaN value of a numeric column; float64.</summary>
    Min,

    /// <summary>Largest non-null, non-NaN value of a numeric column; float64.</summary>
    Max,

    /// <summary>Mean of the non-null values of a numeric column; float64.</summary>
    Mean,

    /// <summary>Exact count of distinct non-null values of a column of any orderable type (NaN counts once); int64.</summary>
    CountDistinct,
}
