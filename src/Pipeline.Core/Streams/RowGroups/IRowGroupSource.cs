namespace Pipeline.Core.Streams.RowGroups;

/// <summary>
/// A source whose files are split into row groups that a consumer may plan itself: read one row group's columns,
/// learn what the footer proves about a column without decoding it, check text values on their pages. The rule scan
/// of <c>pipeline validate</c> reads through this capability, so the Engine never names a file format; Parquet
/// implements it.
/// </summary>
public interface IRowGroupSource : ISource
{
    /// <summary>Whether the files can be read row group by row group as whole tables (false when the source was
    /// asked for a projection or reads standard input); a consumer then reads the source as a stream instead.</summary>
    bool CanReadRowGroups { get; }

    /// <summary>Opens one of <see cref="ISource.Files"/>; batches hold at most <paramref name="batchSize"/> rows.</summary>
    /// <param name="file">One of the source's files.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="decodeColumnsInParallel">Decode a row group's columns on their own threads (worth it when the
    /// caller does not already read several row groups at once).</param>
    /// <exception cref="Errors.PipelineException">The file is missing or not valid.</exception>
    IRowGroupFile OpenRowGroups(string file, int batchSize, bool decodeColumnsInParallel);
}
