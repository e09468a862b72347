namespace Pipeline.IO.Sources.Json;

/// <summary>Hands out the raw UTF-8 bytes of one JSON record at a time: a line of JSON lines
/// (<see cref="LineReader"/>) or an element of a document's array of records (<see cref="JsonDocumentRecordReader"/>).</summary>
internal interface IJsonRecordReader : IDisposable
{
    /// <summary>1-based line on which the record last returned starts.</summary>
    long LineNumber { get; }

    /// <summary>Reads the next record. Returns false at the end. <paramref name="tooLong"/> is set (and the record
    /// empty) when it exceeded the size limit.</summary>
    bool TryReadRecord(out ReadOnlySpan<byte> record, out bool tooLong);
}
