using System.Buffers.Binary;

namespace Pipeline.Core.Operators;

/// <summary>A reusable, growable byte buffer a row key is encoded into (one per encoder, so no allocation per row).</summary>
internal sealed class KeyBuffer
{
    private byte[] _data = new byte[256];

    /// <summary>Bytes written since the last <see cref="Clear"/>.</summary>
    public int Length { get; private set; }

    /// <summary>The encoded key.</summary>
    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Drops the last <paramref name="bytes"/> written.</summary>
    public void Rewind(int bytes) => Length -= bytes;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _data[Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_data.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_data.AsSpan(Length), value);
        Length += 8;
    }

    /// <summary>LEB128: a length prefix that keeps short strings' keys short and makes the encoding prefix-free.</summary>
    public void WriteVarUInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _data[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _data[Length++] = (byte)value;
    }

    private void Ensure(int more)
    {
        if (Length + more <= _data.Length) return;
        Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + more));
    }
}
