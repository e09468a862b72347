using System.Globalization;
using Pipeline.Core.Errors;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.FixedWidth;

/// <summary>Checks and parses fixed-width layouts.</summary>
public static class FixedWidthLayout
{
    /// <summary>Parses <c>name:start:width,name:start:width</c> (start is 1-based), as <c>--layout</c> takes it.</summary>
    /// <exception cref="PipelineException">An entry is not NAME:START:WIDTH with positive numbers.</exception>
    public static IReadOnlyList<FixedWidthColumn> Parse(string text, string option)
    {
        var columns = new List<FixedWidthColumn>();
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || parts[0].Length == 0
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int start)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int width))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{option}: '{entry}' must be NAME:START:WIDTH (START counted from 1)");
            columns.Add(new FixedWidthColumn(parts[0], start, width));
        }
        return columns;
    }

    /// <summary>Refuses an empty layout, a start below 1, a width below 1, a repeated name or overlapping columns.</summary>
    /// <exception cref="PipelineException">The layout is not usable.</exception>
    public static void Check(IReadOnlyList<FixedWidthColumn> columns, string file)
    {
        if (columns.Count == 0)
            throw PipelineException.InvalidInput(file, "fixed-width text needs a layout: --layout name:start:width,... or fixed_width: in the spec");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.Start < 1 || c.Width < 1)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"fixed-width column '{c.Name}': start {c.Start} and width {c.Width} must be at least 1");
            if (!names.Add(c.Name))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"fixed-width column '{c.Name}' is listed twice");
        }
        var sorted = columns.OrderBy(c => c.Start).ToList();
        for (int i = 1; i < sorted.Count; i++)
            if (sorted[i].Start < sorted[i - 1].Start + sorted[i - 1].Width)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"fixed-width columns '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap");
    }
}
