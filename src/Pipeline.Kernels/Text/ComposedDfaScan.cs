using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Kernels.Text;

/// <summary>
/// Runs a small DFA over a short value by composing whole transition rows instead of following one state. A vector
/// holds, for every state s, the state reached from s after the bytes read so far; each byte b replaces it with
/// row_b[vector], one byte shuffle (<c>pshufb</c>/<c>tbl</c> for up to 16 states, AVX-512 VBMI's <c>vpermb</c> for up
/// to 64). The row's load depends only on the input byte, so the chain from one byte to the next is a single shuffle
/// (1 to 3 cycles), where following one state waits on a dependent table load and takes two data-dependent branches per
/// byte. The price is no early exit and no run skipping, so <see cref="AsciiDfa"/> sends only short values here.
/// Immutable and thread-safe.
/// </summary>
internal sealed class ComposedDfaScan
{
    /// <summary>Most states the 16-byte shuffle serves.</summary>
    public const int SmallStateLimit = 16;

    /// <summary>Most states the 64-byte permute serves.</summary>
    public const int LargeStateLimit = 64;

    /// <summary>Per byte value: the 16 next-state ids of states 0 to 15 (ids past the DFA's map to themselves).</summary>
    private readonly Vector128<byte>[]? _rows16;
    /// <summary>Per byte value: the 64 next-state ids, for DFAs of 17 to 64 states on AVX-512 VBMI.</summary>
    private readonly Vector512<byte>[]? _rows64;

    private ComposedDfaScan(Vector128<byte>[]? rows16, Vector512<byte>[]? rows64)
    {
        _rows16 = rows16;
        _rows64 = rows64;
    }

    /// <summary>Whether this processor shuffles 16 bytes by a variable index in one instruction.</summary>
    public static bool SmallSupported => Ssse3.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Whether this processor permutes 64 bytes by a variable index in one instruction.</summary>
    public static bool LargeSupported => Avx512Vbmi.IsSupported;

    /// <summary>The composed scan of a DFA with <paramref name="stateCount"/> states whose transition on a byte is
    /// <paramref name="next"/>(state id, byte) (ids, not premultiplied), or null when the DFA has too many states for
    /// the shuffles this processor has.</summary>
    public static ComposedDfaScan? TryCreate(int stateCount, Func<int, byte, int> next)
    {
        if (stateCount <= SmallStateLimit && SmallSupported)
            return new ComposedDfaScan(Rows(stateCount, SmallStateLimit, next, row => Vector128.Create(row)), null);
        if (stateCount <= LargeStateLimit && LargeSupported)
            return new ComposedDfaScan(null, Rows(stateCount, LargeStateLimit, next, row => Vector512.Create(row)));
        return null;
    }

    /// <summary>Which shuffle serves the DFA: 16 or 64 lanes. For tests and diagnostics.</summary>
    public int Lanes => _rows16 is not null ? SmallStateLimit : LargeStateLimit;

    /// <summary>The state id reached from <paramref name="start"/> after every byte of <paramref name="utf8"/>.</summary>
    public int Run(ReadOnlySpan<byte> utf8, int start) =>
        _rows16 is not null ? Run16(_rows16, utf8, start) : Run64(_rows64!, utf8, start);

    private static int Run16(Vector128<byte>[] rows, ReadOnlySpan<byte> utf8, int start)
    {
        ref Vector128<byte> row = ref MemoryMarshal.GetArrayDataReference(rows);
        ref byte input = ref MemoryMarshal.GetReference(utf8);
        var reached = Vector128<byte>.Indices;
        for (int i = 0; i < utf8.Length; i++)
            reached = Vector128.ShuffleNative(Unsafe.Add(ref row, Unsafe.Add(ref input, i)), reached);
        return reached.GetElement(start);
    }

    private static int Run64(Vector512<byte>[] rows, ReadOnlySpan<byte> utf8, int start)
    {
        ref Vector512<byte> row = ref MemoryMarshal.GetArrayDataReference(rows);
        ref byte input = ref MemoryMarshal.GetReference(utf8);
        var reached = Vector512<byte>.Indices;
        for (int i = 0; i < utf8.Length; i++)
            reached = Avx512Vbmi.PermuteVar64x8(Unsafe.Add(ref row, Unsafe.Add(ref input, i)), reached);
        return reached.GetElement(start);
    }

    /// <summary>One vector per byte value: lane s holds the next state of s (lanes past the DFA's states hold their
    /// own index, so every lane stays a valid index whatever it composes with).</summary>
    private static TVector[] Rows<TVector>(int stateCount, int lanes, Func<int, byte, int> next, Func<byte[], TVector> create)
    {
        var rows = new TVector[256];
        var row = new byte[lanes];
        for (int b = 0; b < 256; b++)
        {
            for (int s = 0; s < lanes; s++) row[s] = (byte)(s < stateCount ? next(s, (byte)b) : s);
            rows[b] = create(row);
        }
        return rows;
    }
}
