namespace Pipeline.Benchmarks.Data;

/// <summary>Writes generated rows as RFC 4180 CSV: a header row, CRLF line ends, quoted fields only where needed,
/// empty fields for nulls, <c>true</c>/<c>false</c> booleans, ISO 8601 timestamps.</summary>
public sealed class CsvDataWriter : IDisposable
{
    private static readonly byte[] Header = "id,amount,quantity,category,customer,created_at,active,email\r\n"u8.ToArray();
    private readonly Utf8BufferedWriter _out;

    /// <summary>Creates the file (replacing it) and writes the header.</summary>
    public CsvDataWriter(string path)
    {
        // bufferSize 1 turns off FileStream's own buffer: Utf8BufferedWriter already writes in 1 MiB blocks.
        _out = new Utf8BufferedWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1));
        _out.Write(Header);
    }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten => _out.Position;

    /// <summary>Appends every row of the chunk.</summary>
    public void Write(RowChunk chunk)
    {
        for (int i = 0; i < chunk.Length; i++)
        {
            _out.WriteValue(chunk.Id[i]);
            _out.Write((byte)',');
            if (chunk.AmountValid[i]) _out.WriteValue(chunk.Amount[i]);
            _out.Write((byte)',');
            _out.WriteValue(chunk.Quantity[i]);
            _out.Write((byte)',');
            _out.Write(Vocabulary.CategoryCsv[chunk.Category[i]]);
            _out.Write((byte)',');
            var span = _out.GetSpan(Vocabulary.MaxValueBytes);
            _out.Advance(Vocabulary.WriteCustomer(span, chunk.Customer[i]));
            _out.Write((byte)',');
            span = _out.GetSpan(IsoTimestamp.Length);
            _out.Advance(IsoTimestamp.Write(span, chunk.CreatedAtMicros[i]));
            _out.Write(chunk.Active[i] ? ",true,"u8 : ",false,"u8);
            span = _out.GetSpan(Vocabulary.MaxValueBytes);
            _out.Advance(Vocabulary.WriteEmail(span, chunk.EmailFirstName[i], chunk.Customer[i], chunk.EmailDomain[i]));
            _out.Write("\r\n"u8);
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose() => _out.Dispose();
}
