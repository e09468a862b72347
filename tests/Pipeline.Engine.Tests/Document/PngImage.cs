using System.Buffers.Binary;
using System.IO.Compression;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Reads a PNG's size and counts the distinct pixel rows in its image data, enough to tell a rendered page
/// from a blank one without an image library.</summary>
internal static class PngImage
{
    public static (int Width, int Height, int DistinctRows) Inspect(byte[] png)
    {
        Assert.True(png.Length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "not a PNG");
        int width = 0, height = 0, bytesPerPixel = 4;
        using var idat = new MemoryStream();
        for (int at = 8; at + 8 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                bytesPerPixel = data[9] switch { 2 => 3, 6 => 4, 0 => 1, 4 => 2, _ => 4 } * (data[8] / 8);
            }
            else if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * bytesPerPixel + 1;
        // Undo only the filter-free comparison: rows are compared as filtered bytes, which differ whenever content does.
        var rows = new HashSet<string>();
        for (int y = 0; y < height && (y + 1) * stride <= bytes.Length; y++)
            rows.Add(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(y * stride, stride))));
        return (width, height, rows.Count);
    }
}
