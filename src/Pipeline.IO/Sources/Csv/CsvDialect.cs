namespace Pipeline.IO.Sources.Csv;

/// <summary>How a CSV file is written, as detected (or forced by <c>CsvReadOptions</c>).</summary>
/// <param name="Delimiter">Field separator (<c>,</c> <c>;</c> tab or <c>|</c>).</param>
/// <param name="Quote">Quote character (<c>"</c> or <c>'</c>).</param>
/// <param name="HasHeader">Whether the first record holds column names.</param>
/// <param name="Encoding">Text encoding of the file (<c>utf-8</c>, <c>utf-8-bom</c>, <c>utf-16le</c>, <c>utf-16be</c>, or the name given).</param>
/// <param name="LineEnding">Record terminator: <c>LF</c>, <c>CRLF</c> or <c>CR</c>.</param>
public sealed record CsvDialect(char Delimiter, char Quote, bool HasHeader, string Encoding, CsvLineEnding LineEnding)
{
    /// <summary>A one-line description for <c>pipeline schema</c>, e.g. <c>delimiter=',' quote='"' header=yes encoding=utf-8 line-ending=LF</c>.</summary>
    public string Describe()
        => $"delimiter={Show(Delimiter)} quote={Show(Quote)} header={(HasHeader ? "yes" : "no")} encoding={Encoding} line-ending={LineEnding.ToString().ToUpperInvariant()}";

    private static string Show(char c) => c == '\t' ? "'\\t'" : $"'{c}'";

    /// <summary>The byte that ends a record: <c>\n</c>, or <c>\r</c> for old Mac files.</summary>
    internal byte Terminator => LineEnding == CsvLineEnding.Cr ? (byte)'\r' : (byte)'\n';
}

/// <summary>Record terminators.</summary>
public enum CsvLineEnding
{
    /// <summary><c>\n</c> (Unix); also the default for a file with a single line.</summary>
    Lf,
    /// <summary><c>\r\n</c> (Windows, RFC 4180).</summary>
    CrLf,
    /// <summary><c>\r</c> alone (classic Mac OS).</summary>
    Cr,
}
