using Pipeline.Core.Errors;
using Pipeline.IO.Sources;

namespace Pipeline.IO.Decompression;

/// <summary>
/// For readers that need a seekable file (Parquet and Arrow files keep their footer at the end, a workbook its
/// directory): a compressed input, an archive member or standard input is first written out decompressed to a
/// temporary file (bounded by <see cref="DecompressionLimits"/>), kept under its own name in a folder of its own so
/// errors still name it, and deleted when the process exits.
/// </summary>
internal static class DecompressedFiles
{
    private static readonly object Gate = new();
    private static string? _root;

    /// <summary>The input itself when it is a plain file; otherwise the path of its decompressed copy.</summary>
    public static string Materialize(string file, DecompressionLimits limits, bool evenIfPlain = false)
    {
        if (!evenIfPlain && file != "-" && !InputOpener.IsCompressed(file)) return file;
        var name = file == "-" ? "stdin" : CompressionCodecs.InnerName(file);
        var folder = Path.Combine(Root(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name.Length == 0 ? "input" : name);
        using var opened = InputOpener.Open(file, limits);
        try
        {
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            opened.Content.CopyTo(output);
        }
        catch (IOException ex)
        {
            throw PipelineException.InvalidInput(file, $"cannot write its decompressed copy to {folder}: {ex.Message}", ex);
        }
        return target;
    }

    private static string Root()
    {
        lock (Gate)
        {
            if (_root is not null) return _root;
            _root = Path.Combine(Path.GetTempPath(), $"pipeline-inputs-{Environment.ProcessId}");
            Directory.CreateDirectory(_root);
            var root = _root;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            return _root;
        }
    }
}
