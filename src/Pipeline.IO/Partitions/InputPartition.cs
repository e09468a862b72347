using System.Globalization;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Partitions;

/// <summary>What a partition's range counts: Parquet row groups, or bytes of a CSV or JSON lines file.</summary>
public enum PartitionUnit
{
    /// <summary>Row groups <c>[Start, End)</c> of one Parquet file (<c>--row-groups A:B</c>).</summary>
    RowGroups,
    /// <summary>The records of one CSV or JSON lines file that start at a byte offset in <c>[Start, End)</c>
    /// (<c>--byte-range START:END</c>).</summary>
    Bytes,
}

/// <summary>
/// One partition of one input file: a half-open range of row groups or bytes. Ranges with the same unit that tile
/// <c>[0, count)</c> read every row of the file exactly once: a byte range reads the records that <em>start</em> in
/// it (the first record boundary at or after <see cref="Start"/>, through the record that crosses <see cref="End"/>).
/// </summary>
/// <param name="Unit">Row groups or bytes.</param>
/// <param name="Start">First row group, or first byte offset (inclusive).</param>
/// <param name="End">End row group, or end byte offset (exclusive); <see cref="long.MaxValue"/> for "to the end".</param>
public sealed record InputPartition(PartitionUnit Unit, long Start, long End)
{
    /// <summary>The option text: <c>A:B</c>.</summary>
    public string RangeText => $"{Start.ToString(CultureInfo.InvariantCulture)}:{(End == long.MaxValue ? "" : End.ToString(CultureInfo.InvariantCulture))}";

    /// <summary>The command-line option that selects this partition: <c>--row-groups A:B</c> or <c>--byte-range A:B</c>.</summary>
    public string OptionName => Unit == PartitionUnit.RowGroups ? "--row-groups" : "--byte-range";

    /// <inheritdoc />
    public override string ToString() => $"{OptionName} {RangeText}";

    /// <summary>Parses <c>A:B</c> (B may be left out: to the end) for <paramref name="unit"/>.</summary>
    /// <exception cref="PipelineException">The text is not two non-negative integers with A &lt;= B.</exception>
    public static InputPartition Parse(PartitionUnit unit, string text)
    {
        var option = unit == PartitionUnit.RowGroups ? "--row-groups" : "--byte-range";
        var parts = text.Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long start)
            || !(parts[1].Length == 0 || long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{option}: '{text}' must be START:END (non-negative integers, END exclusive; END may be left out)");
        long end = parts[1].Length == 0 ? long.MaxValue : long.Parse(parts[1], CultureInfo.InvariantCulture);
        if (end < start) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{option}: '{text}': END ({end}) is before START ({start})");
        return new InputPartition(unit, start, end);
    }

    /// <summary>Refuses a partition on a source of several files (a partition is a range of one file).</summary>
    /// <exception cref="PipelineException">More than one file, or standard input.</exception>
    public void RequireOneFile(IReadOnlyList<string> files)
    {
        if (files.Count != 1 || files[0] == "-")
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{OptionName} selects a range of one file; the input is {(files.Contains("-") ? "standard input" : $"{files.Count} files")} (run `pipeline plan` for one descriptor per file range)");
    }
}
