namespace Pipeline.Kernels;

/// <summary>Reading counts from a saved state (a file someone may have damaged) without trusting them: a count must
/// fit the bytes that remain, so a flipped bit cannot make the reader allocate gigabytes or overflow.</summary>
public static class BinaryStateReading
{
    /// <summary>Reads an item count whose items take at least <paramref name="minBytesEach"/> bytes each.</summary>
    /// <exception cref="InvalidDataException">The count is negative or larger than the rest of the stream can hold.</exception>
    public static int ReadCount(this BinaryReader reader, int minBytesEach = 1)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        long remaining = reader.BaseStream.CanSeek ? reader.BaseStream.Length - reader.BaseStream.Position : long.MaxValue;
        if (count < 0 || (long)count * Math.Max(1, minBytesEach) > remaining)
            throw new InvalidDataException($"a count of {count} does not fit the {remaining} bytes left (damaged state)");
        return count;
    }
}
