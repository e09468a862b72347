using Pipeline.Core.Streams;
using Pipeline.IO.Decompression;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Excel;

/// <summary>Excel workbooks (<c>excel</c>) through ExcelDataReader: <c>.xlsx</c>/<c>.xlsm</c>/<c>.xlsb</c> (a zip holding
/// <c>xl/workbook.*</c>) and <c>.xls</c> (BIFF in an OLE2 compound file, magic <c>D0 CF 11 E0</c>). One sheet is read
/// (<see cref="ExcelReadOptions"/>); see <see cref="ExcelBatchStream"/> for types, merged cells and dates. Read only.</summary>
public sealed class ExcelFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "excel";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".xlsx", ".xlsm", ".xlsb", ".xls"];

    /// <inheritdoc />
    public InputAccess Access => InputAccess.Seekable;

    /// <inheritdoc />
    // A zip reaches format detection only when it is a workbook (InputOpener opens other archives' members).
    public bool MatchesContent(ReadOnlySpan<byte> head)
        => head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) || ZipInput.IsZip(head);

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options) => new ExcelSource(files, options);

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => null;
}
