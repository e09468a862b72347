using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pipeline.Kernels.Text;

/// <summary>
/// An immutable DFA over ASCII bytes that answers .NET's <c>Regex.IsMatch</c> for one pattern: one table lookup per
/// byte, stopping as soon as the outcome is certain (the dead state: no match possible; the accepting state: a match
/// was found and, with no trailing <c>$</c> pending, the rest of the value cannot change that). Safe to share between
/// threads. Callers must pass pure-ASCII values only.
/// </summary>
internal sealed class AsciiDfa
{
    /// <summary>State 0 (premultiplied 0): no match is possible any more.</summary>
    private const int Dead = 0;

    private readonly byte[] _classOf;
    private readonly int _classCount;
    /// <summary>Row-major [state, class] table holding the next state premultiplied by the class count, so a lookup
    /// is one add; state 1 (premultiplied <see cref="_classCount"/>) is the absorbing accepting state.</summary>
    private readonly int[] _next;
    private readonly int _start;
    /// <summary>Per state: a trailing <c>$</c> is pending, so the value matches if it ends here or only a final line
    /// feed follows.</summary>
    private readonly bool[] _endPending;
    private readonly bool _hasEndAnchor;

    /// <summary>Builds the runner from the subset construction's output (state ids, not premultiplied).</summary>
    public AsciiDfa(byte[] classOf, int classCount, IReadOnlyList<int[]> transitions, int start, bool[] endPending, bool hasEndAnchor)
    {
        _classOf = classOf;
        _classCount = classCount;
        _next = new int[transitions.Count * classCount];
        for (int s = 0; s < transitions.Count; s++)
            for (int c = 0; c < classCount; c++)
                _next[s * classCount + c] = transitions[s][c] * classCount;
        _start = start * classCount;
        _endPending = endPending;
        _hasEndAnchor = hasEndAnchor;
    }

    /// <summary>Number of states, dead and accepting included.</summary>
    public int StateCount => _endPending.Length;

    /// <summary>Number of byte classes (columns of the table).</summary>
    public int ClassCount => _classCount;

    /// <summary>Whether the pure-ASCII <paramref name="ascii"/> contains a match.</summary>
    public bool IsMatch(ReadOnlySpan<byte> ascii)
    {
        int accept = _classCount;
        int state = _start;
        if ((uint)state <= (uint)accept) return state == accept;

        int length = ascii.Length;
        // '$' also holds before a final line feed: stop short of it and decide there.
        bool finalNewline = _hasEndAnchor && length > 0 && ascii[length - 1] == (byte)'\n';
        if (finalNewline) length--;

        ref int next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref byte classOf = ref MemoryMarshal.GetArrayDataReference(_classOf);
        ref byte input = ref MemoryMarshal.GetReference(ascii);
        for (int i = 0; i < length; i++)
        {
            state = Unsafe.Add(ref next, state + Unsafe.Add(ref classOf, Unsafe.Add(ref input, i)));
            if ((uint)state <= (uint)accept) return state == accept;
        }
        if (finalNewline)
        {
            if (_endPending[state / _classCount]) return true;
            state = Unsafe.Add(ref next, state + Unsafe.Add(ref classOf, (byte)'\n'));
            if ((uint)state <= (uint)accept) return state == accept;
        }
        return state != Dead && _endPending[state / _classCount];
    }
}
