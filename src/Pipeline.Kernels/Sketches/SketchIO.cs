using System.Text;

namespace Pipeline.Kernels.Sketches;

/// <summary>Shared helpers for the string-keyed sketches' binary form (BinaryWriter layout: 7-bit length-prefixed UTF-8).</summary>
internal static class SketchIO
{
    /// <summary>Writes a payload behind a version byte.</summary>
    public static byte[] Write(byte version, Action<BinaryWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(version);
            body(writer);
        }
        return stream.ToArray();
    }

    /// <summary>Reads a payload after checking the version byte; malformed data surfaces as <see cref="FormatException"/>.</summary>
    public static T Read<T>(ReadOnlySpan<byte> data, byte version, string what, Func<BinaryReader, T> body)
    {
        if (data.IsEmpty || data[0] != version) throw new FormatException($"Not a {what} of a known version.");
        using var reader = new BinaryReader(new MemoryStream(data.ToArray(), writable: false), Encoding.UTF8);
        reader.ReadByte();
        try
        {
            var result = body(reader);
            if (reader.BaseStream.Position != reader.BaseStream.Length) throw new FormatException($"Trailing bytes after a {what}.");
            return result;
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException($"Truncated {what}.", e);
        }
    }
}
