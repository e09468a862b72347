using Apache.Arrow;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary>Null handling shared by the array checks: values under a null are arbitrary, so checks run on every
/// row and the null rows are cleared afterwards.</summary>
internal static class Validity
{
    /// <summary>Clears the failure of every null row and returns the remaining count.</summary>
    public static int ClearNulls(IArrowArray array, Span<bool> fails, int count)
    {
        for (int i = 0; i < array.Length; i++)
        {
            if (!fails[i] || !array.IsNull(i)) continue;
            fails[i] = false;
            count--;
        }
        return count;
    }
}
