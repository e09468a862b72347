using Pipeline.IO.Inference;
using Pipeline.Kernels.Casts;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Decides whether the first record is a header. Strong evidence for: some column is typed in the body (numbers,
/// dates, booleans) while the first record's cell there is text that does not fit. Strong evidence against: a
/// first-record cell that is itself a number, date or boolean (names rarely are). With only text in both, a first
/// record of distinct, non-empty-looking names is taken as a header, the common case for exported tables.
/// </summary>
internal static class CsvHeaderDetector
{
    /// <summary>True when <paramref name="first"/> looks like a header above a body inferred as <paramref name="body"/>.</summary>
    public static bool LooksLikeHeader(IReadOnlyList<byte[]> first, IReadOnlyList<ColumnTypeInference> body)
    {
        bool typedCellInFirst = false, textOverTypedColumn = false;
        for (int i = 0; i < first.Count; i++)
        {
            var cell = first[i];
            if (cell.Length == 0) continue;
            if (IsTyped(cell)) typedCellInFirst = true;
            else if (i < body.Count && body[i].Kind is not (InferredKind.String or InferredKind.Null) && !body[i].Fits(cell))
                textOverTypedColumn = true;
        }
        if (typedCellInFirst) return false;
        if (textOverTypedColumn) return true;
        var nonEmpty = first.Where(c => c.Length > 0).Select(c => Convert.ToBase64String(c)).ToList();
        return nonEmpty.Count > 0 && nonEmpty.Distinct().Count() == nonEmpty.Count;
    }

    private static bool IsTyped(ReadOnlySpan<byte> cell)
        => Utf8DoubleParser.TryParse(cell, out _, out bool special) && !special
           || Utf8BoolParser.TryParse(cell, out _)
           || Utf8DateParser.TryParse(cell, DateFormats.All, out _, out _)
           || Utf8TimestampParser.TryParse(cell, DateFormats.All, out _, out _);
}
