namespace Pipeline.IO.Formats;

/// <summary>How a format's reader reads its inputs, which decides what is done for it with a compressed input,
/// an archive member or standard input.</summary>
public enum InputAccess
{
    /// <summary>Front to back through <c>InputOpener</c>: compressed inputs are decompressed while read, standard input streams.</summary>
    Sequential,

    /// <summary>Front to back from its own file handle, standard input included; a compressed input is first written
    /// out decompressed to a temporary file.</summary>
    SequentialUncompressed,

    /// <summary>Needs a seekable file (a footer or directory at the end): a compressed input or standard input is
    /// first written out decompressed to a temporary file.</summary>
    Seekable,
}
