using System.Runtime.InteropServices;

namespace Pipeline.Core.Streams.RowGroups;

/// <summary>
/// A view of UTF-8 bytes owned by a reader (a pointer and a length), valid until the reader moves on. Laid out as a
/// 32-bit length then a pointer, like ParquetSharp's byte-array views, so a reader can hand out its
/// own buffer of views without copying.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct TextView
{
    /// <summary>How many bytes.</summary>
    public readonly int Length;

    /// <summary>Where the bytes start; within one batch, equal pointers (with equal lengths) hold equal bytes.</summary>
    public readonly nint Pointer;

    /// <summary>The bytes.</summary>
    public unsafe ReadOnlySpan<byte> Bytes => Length == 0 ? default : new ReadOnlySpan<byte>((void*)Pointer, Length);
}
