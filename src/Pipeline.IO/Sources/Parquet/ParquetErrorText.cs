namespace Pipeline.IO.Sources.Parquet;

/// <summary>Turns ParquetSharp's native error text into a readable message.</summary>
internal static class ParquetErrorText
{
    /// <summary>ParquetSharp wraps C++ errors as <c>N7parquet22ParquetStatusExceptionE (message: 'IOError: ...')</c>:
    /// keep the inner message, first line only.</summary>
    public static string Of(string message)
    {
        const string marker = "(message: '";
        int start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            start += marker.Length;
            int end = message.LastIndexOf("')", StringComparison.Ordinal);
            message = end > start ? message[start..end] : message[start..];
        }
        return message.Split('\n', 2)[0].Trim();
    }
}
