using System.Buffers.Binary;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// A bounds-checked view of one FlatBuffers table, just enough to read the Arrow IPC message headers that decide
/// how much Arrow's reader will allocate. Every offset is checked against the buffer with 64-bit arithmetic, so a
/// corrupt header ends in <see cref="InvalidDataException"/> instead of an out-of-range read.
/// </summary>
internal readonly ref struct FlatBufferTable
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableSize;

    private FlatBufferTable(ReadOnlySpan<byte> buffer, int position, int vtable, int vtableSize)
    {
        _buffer = buffer;
        _position = position;
        _vtable = vtable;
        _vtableSize = vtableSize;
    }

    /// <summary>The body length an IPC message's metadata declares (field 3 of the Message table); false when the
    /// metadata cannot be read (the validator then reports why).</summary>
    public static bool TryBodyLength(ReadOnlySpan<byte> metadata, out long bodyLength)
    {
        try
        {
            bodyLength = Root(metadata).GetInt64(3);
            return true;
        }
        catch (InvalidDataException)
        {
            bodyLength = 0;
            return false;
        }
    }

    /// <summary>The root table of a FlatBuffers buffer.</summary>
    public static FlatBufferTable Root(ReadOnlySpan<byte> buffer)
    {
        Require(buffer, 0, 4);
        return At(buffer, (long)BinaryPrimitives.ReadUInt32LittleEndian(buffer));
    }

    private static FlatBufferTable At(ReadOnlySpan<byte> buffer, long position)
    {
        Require(buffer, position, 4);
        long vtable = position - BinaryPrimitives.ReadInt32LittleEndian(buffer[(int)position..]);
        Require(buffer, vtable, 4);
        int vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[(int)vtable..]);
        if (vtableSize < 4 || (vtableSize & 1) != 0) throw new InvalidDataException($"flatbuffer vtable size {vtableSize} is invalid");
        Require(buffer, vtable, vtableSize);
        return new FlatBufferTable(buffer, (int)position, (int)vtable, vtableSize);
    }

    /// <summary>Reads a 16-bit field, or <paramref name="fallback"/> when absent.</summary>
    public short GetInt16(int field, short fallback = 0)
        => FieldPosition(field, 2) is { } p ? BinaryPrimitives.ReadInt16LittleEndian(_buffer[p..]) : fallback;

    /// <summary>Reads an 8-bit field, or <paramref name="fallback"/> when absent.</summary>
    public byte GetByte(int field, byte fallback = 0)
        => FieldPosition(field, 1) is { } p ? _buffer[p] : fallback;

    /// <summary>Reads a 64-bit field, or <paramref name="fallback"/> when absent.</summary>
    public long GetInt64(int field, long fallback = 0)
        => FieldPosition(field, 8) is { } p ? BinaryPrimitives.ReadInt64LittleEndian(_buffer[p..]) : fallback;

    /// <summary>Reads a sub-table field; false when absent.</summary>
    public bool TryGetTable(int field, out FlatBufferTable table)
    {
        table = default;
        if (FieldPosition(field, 4) is not { } p) return false;
        table = At(_buffer, p + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer[p..]));
        return true;
    }

    /// <summary>Locates a vector field whose elements are <paramref name="elementSize"/> bytes; false when absent.</summary>
    public bool TryGetVector(int field, int elementSize, out FlatBufferVector vector)
    {
        vector = default;
        if (FieldPosition(field, 4) is not { } p) return false;
        long start = p + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer[p..]);
        Require(_buffer, start, 4);
        long count = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[(int)start..]);
        Require(_buffer, start + 4, count * elementSize);
        vector = new FlatBufferVector(_buffer, (int)start + 4, (int)count, elementSize);
        return true;
    }

    private int? FieldPosition(int field, int size)
    {
        int slot = 4 + 2 * field;
        if (slot + 2 > _vtableSize) return null;
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[(_vtable + slot)..]);
        if (offset == 0) return null;
        long position = (long)_position + offset;
        Require(_buffer, position, size);
        return (int)position;
    }

    internal static void Require(ReadOnlySpan<byte> buffer, long position, long size)
    {
        if (position < 0 || size < 0 || position > buffer.Length || size > buffer.Length - position)
            throw new InvalidDataException($"flatbuffer reference {position}+{size} is outside the {buffer.Length}-byte header");
    }

    /// <summary>A vector inside a FlatBuffers buffer: raw elements (structs, scalars) or offsets to tables.</summary>
    internal readonly ref struct FlatBufferVector
    {
        private readonly ReadOnlySpan<byte> _buffer;
        private readonly int _start;
        private readonly int _elementSize;

        public FlatBufferVector(ReadOnlySpan<byte> buffer, int start, int count, int elementSize)
        {
            _buffer = buffer;
            _start = start;
            Count = count;
            _elementSize = elementSize;
        }

        /// <summary>Number of elements.</summary>
        public int Count { get; }

        /// <summary>The bytes of element <paramref name="index"/> (for struct and scalar vectors).</summary>
        public ReadOnlySpan<byte> Element(int index) => _buffer.Slice(_start + index * _elementSize, _elementSize);

        /// <summary>Element <paramref name="index"/> of a vector of tables.</summary>
        public FlatBufferTable Table(int index)
        {
            int slot = _start + index * 4;
            return At(_buffer, slot + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer[slot..]));
        }
    }
}
