namespace Pipeline.IO.Sources.Csv;

/// <summary>Where one field's bytes lie in a record buffer and whether they need decoding before use.</summary>
internal struct CsvField
{
    /// <summary>Offset of the field's content (inside the quotes for a quoted field).</summary>
    public int Start;
    /// <summary>Length of the content.</summary>
    public int Length;
    /// <summary>How to turn the bytes into the value.</summary>
    public CsvFieldShape Shape;
}

/// <summary>What a field's bytes need before they are its value.</summary>
internal enum CsvFieldShape : byte
{
    /// <summary>An unquoted field: the bytes are the value.</summary>
    Plain,
    /// <summary>A quoted field without doubled quotes: the bytes between the quotes are the value.</summary>
    Quoted,
    /// <summary>Quoted content with doubled quotes to collapse.</summary>
    Escaped,
    /// <summary>Text after a closing quote (<c>"ab"c</c>): the raw bytes from the opening quote, decoded leniently.</summary>
    Irregular,
}
