using System.IO.Compression;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Decompression;

/// <summary>
/// Zip archives as inputs: <c>archive.zip#member.csv</c> reads one member; <c>archive.zip</c> reads its only file
/// (an archive holding several is refused with their names). A zip that is an Excel workbook (<c>xl/workbook.xml</c>)
/// is not an archive of inputs but the workbook itself.
/// </summary>
public static class ZipInput
{
    private const int MaxNamesListed = 10;

    /// <summary>True when the bytes start like a zip archive (a local file header, or the end record of an empty one).</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8);

    /// <summary>Splits <c>archive.zip#member</c> when the part before a <c>#</c> is an existing file; otherwise returns
    /// false (and <paramref name="archive"/> is the path itself).</summary>
    public static bool TrySplit(string path, out string archive, out string? member)
    {
        archive = path;
        member = null;
        if (path == "-" || File.Exists(path)) return false;
        for (int hash = path.IndexOf('#'); hash > 0; hash = path.IndexOf('#', hash + 1))
        {
            if (!File.Exists(path[..hash])) continue;
            archive = path[..hash];
            member = path[(hash + 1)..];
            return member.Length > 0;
        }
        return false;
    }

    /// <summary>True when the file is a zip that holds an Excel workbook rather than inputs.</summary>
    public static bool IsWorkbook(string file)
    {
        try
        {
            using var zip = ZipFile.OpenRead(file);
            return IsWorkbook(zip);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsWorkbook(ZipArchive zip)
        => zip.GetEntry("xl/workbook.xml") is not null || zip.GetEntry("xl/workbook.bin") is not null;

    /// <summary>Opens one member of an archive for reading, decompressed and guarded by <paramref name="limits"/>.</summary>
    /// <param name="archive">The zip file.</param>
    /// <param name="member">The member's full name inside the archive; null takes the archive's only file.</param>
    /// <param name="limits">Bounds on the decompressed size.</param>
    /// <param name="length">The member's declared decompressed size (for progress).</param>
    /// <exception cref="PipelineException">Not a readable zip, no such member, or several members and none named.</exception>
    public static Stream OpenMember(string archive, string? member, DecompressionLimits limits, out long length)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archive);
        }
        catch (InvalidDataException ex)
        {
            throw PipelineException.InvalidInput(archive, $"not a readable zip archive: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw PipelineException.InvalidInput(archive, $"cannot read: {ex.Message}", ex);
        }
        try
        {
            var entry = Choose(zip, archive, member);
            length = entry.Length;
            var name = $"{archive}#{entry.FullName}";
            Stream content;
            try
            {
                content = entry.Open();
            }
            catch (InvalidDataException ex)
            {
                throw PipelineException.InvalidInput(name, $"cannot open the zip member: {ex.Message}", ex);
            }
            long compressed = Math.Max(1, entry.CompressedLength);
            return new ArchiveMemberStream(new GuardedDecompressionStream(content, () => compressed, name, "zip", limits), zip);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static ZipArchiveEntry Choose(ZipArchive zip, string archive, string? member)
    {
        if (member is not null)
            return zip.GetEntry(member)
                   ?? throw PipelineException.InvalidInput(archive, $"no member '{member}' in the zip archive (members: {Names(Files(zip))})");
        var files = Files(zip);
        if (files.Count == 1) return files[0];
        if (IsWorkbook(zip))
            throw PipelineException.InvalidInput(archive, "is an Excel workbook, not an archive of inputs; read it with --input-format excel");
        throw PipelineException.InvalidInput(archive, files.Count == 0
            ? "the zip archive holds no files"
            : $"the zip archive holds {files.Count} files ({Names(files)}); name one as {Path.GetFileName(archive)}#MEMBER");
    }

    private static List<ZipArchiveEntry> Files(ZipArchive zip)
        => zip.Entries.Where(e => !e.FullName.EndsWith('/') && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)
                                  && !Path.GetFileName(e.FullName).StartsWith('.')).ToList();

    private static string Names(List<ZipArchiveEntry> entries)
        => string.Join(", ", entries.Take(MaxNamesListed).Select(e => e.FullName)) + (entries.Count > MaxNamesListed ? $", and {entries.Count - MaxNamesListed} more" : "");

    /// <summary>A member's stream that closes its archive when it is closed.</summary>
    private sealed class ArchiveMemberStream(Stream inner, IDisposable archive) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                archive.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
