using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pipeline.Kernels.Text;

/// <summary>What <see cref="AsciiDfa.Run"/> found.</summary>
internal enum DfaOutcome : byte
{
    /// <summary>The value contains no match.</summary>
    NoMatch,
    /// <summary>The value contains a match.</summary>
    Match,
    /// <summary>A byte of 0x80 or above came before the answer was certain: the value must go to .NET.</summary>
    NonAscii,
}

/// <summary>
/// An immutable DFA over bytes that answers .NET's <c>Regex.IsMatch</c> for one pattern on ASCII text. Short values of
/// small DFAs go through <see cref="ComposedDfaScan"/> (one byte shuffle per byte); the others get one table lookup per
/// byte, stopping as soon as the outcome is certain (the dead state: no match possible; the accepting
/// state: a match was found and nothing after it can undo that). Every byte of 0x80 or above falls into one byte class
/// that leads to a third stopping state, so the scan doubles as the ASCII check: a value whose answer is settled by its
/// ASCII prefix never needs decoding (an ASCII prefix decodes to the same chars whatever follows it). Safe to share
/// between threads.
/// </summary>
internal sealed class AsciiDfa
{
    /// <summary>State ids with fixed meanings; the table holds ids shifted left by <see cref="_shift"/>.</summary>
    public const int DeadState = 0, AcceptState = 1, NonAsciiState = 2, FirstOrdinaryState = 3;

    private readonly byte[] _classOf;
    /// <summary>Row-major [state, class] table, rows padded to a power of two so the next state is stored
    /// premultiplied (one add per lookup) and its id recovered by a shift.</summary>
    private readonly int[] _next;
    private readonly int _shift;
    private readonly int _start;
    /// <summary>Per state id: a trailing <c>$</c> is pending, so the value matches if it ends here or only a final
    /// line feed follows.</summary>
    private readonly bool[] _endPending;
    private readonly bool _hasEndAnchor;
    /// <summary>Per state id: the bytes that keep the scan in that state, when there are at least
    /// <see cref="MinSelfLoopBytes"/> of them (a run like <c>[^@\s]+</c>); the scan then jumps over such a run with
    /// one vectorized search instead of a lookup per byte. Null for the other states.</summary>
    private readonly System.Buffers.SearchValues<byte>?[] _selfLoop;
    /// <summary>The first (premultiplied) state with the skip: every state from here on has one, none below.</summary>
    private readonly int _skipFrom;

    /// <summary>Fewest looping bytes for which a state gets the vectorized skip: with fewer, runs are short and the
    /// search's fixed cost outweighs the lookups it saves.</summary>
    private const int MinSelfLoopBytes = 32;

    /// <summary>Longest value the composed scan takes: it reads every byte, so on longer values the state-by-state
    /// scan, which stops once the answer is certain and jumps over looping runs, is the safer choice.</summary>
    public const int ComposedMaxLength = 64;

    /// <summary>The shuffle-based scan for short values when the DFA is small enough and the processor has the
    /// shuffles; null otherwise.</summary>
    private readonly ComposedDfaScan? _composed;

    /// <summary>Builds the runner from the subset construction's output: <paramref name="classOf"/> maps all 256 bytes
    /// to classes, <paramref name="transitions"/> holds one row of next-state ids per state (ids as in
    /// <see cref="DeadState"/> and the following constants).
    /// <paramref name="composeShortValues"/> allows the shuffle-based scan for short values (tests turn it off to
    /// check the state-by-state scan on the same inputs).</summary>
    public AsciiDfa(byte[] classOf, int classCount, IReadOnlyList<int[]> transitions, int start, bool[] endPending, bool hasEndAnchor,
        bool composeShortValues = true)
    {
        _classOf = classOf;
        ClassCount = classCount;
        _shift = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)classCount));
        int count = transitions.Count;
        // The states with the skip get the highest ids, so the per-byte loop tells them apart with one comparison
        // of the state it already holds instead of a table lookup.
        var looping = new byte[count][];
        for (int s = 0; s < count; s++)
            looping[s] = s < FirstOrdinaryState ? [] : Enumerable.Range(0, 128).Where(b => transitions[s][classOf[b]] == s).Select(b => (byte)b).ToArray();
        var order = Enumerable.Range(0, count).OrderBy(s => s >= FirstOrdinaryState && looping[s].Length >= MinSelfLoopBytes ? 1 : 0).ThenBy(s => s).ToArray();
        var id = new int[count];
        for (int i = 0; i < count; i++) id[order[i]] = i;
        _next = new int[count << _shift];
        _endPending = new bool[count];
        _selfLoop = new System.Buffers.SearchValues<byte>?[count];
        int firstSkip = count;
        for (int s = 0; s < count; s++)
        {
            int to = id[s];
            for (int c = 0; c < classCount; c++) _next[(to << _shift) + c] = id[transitions[s][c]] << _shift;
            _endPending[to] = endPending[s];
            if (s >= FirstOrdinaryState && looping[s].Length >= MinSelfLoopBytes)
            {
                _selfLoop[to] = System.Buffers.SearchValues.Create(looping[s]);
                firstSkip = Math.Min(firstSkip, to);
            }
        }
        _skipFrom = firstSkip << _shift;
        _start = id[start] << _shift;
        _hasEndAnchor = hasEndAnchor;
        if (composeShortValues)
            _composed = ComposedDfaScan.TryCreate(count, (state, b) => _next[(state << _shift) + _classOf[b]] >> _shift);
    }

    /// <summary>How short values are scanned: "shuffle16" or "permute64" (composed rows), or "table" (state by state).
    /// For tests and diagnostics.</summary>
    public string ShortValueScan => _composed is null ? "table" : _composed.Lanes == ComposedDfaScan.SmallStateLimit ? "shuffle16" : "permute64";

    /// <summary>Number of states, the three stopping states included.</summary>
    public int StateCount => _endPending.Length;

    /// <summary>Number of byte classes (columns of the table), the non-ASCII class included.</summary>
    public int ClassCount { get; }

    /// <summary>Whether <paramref name="utf8"/> contains a match, or <see cref="DfaOutcome.NonAscii"/> when it holds a
    /// non-ASCII byte that the answer may depend on.</summary>
    public DfaOutcome Run(ReadOnlySpan<byte> utf8)
    {
        if (_composed is not null && utf8.Length <= ComposedMaxLength)
        {
            int length = ScanLength(utf8);
            int state = _composed.Run(utf8[..length], _start >> _shift) << _shift;
            // The stopping states are absorbing, so the state after the last byte tells whether one was reached.
            return IsStopping(state) ? Outcome(state) : Finish(state, finalNewline: length < utf8.Length);
        }
        return IsStopping(_start) ? Outcome(_start) : Continue(_start, utf8, 0);
    }

    /// <summary>Whether a premultiplied state ends the scan (dead, accepting or non-ASCII).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsStopping(int state) => (uint)state <= (uint)(NonAsciiState << _shift);

    /// <summary>How many leading bytes of <paramref name="utf8"/> the table scans: all of them, or all but a final
    /// line feed when the pattern has a <c>$</c> (which also holds just before it; <see cref="Finish"/> decides).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ScanLength(ReadOnlySpan<byte> utf8) =>
        _hasEndAnchor && utf8.Length > 0 && utf8[^1] == (byte)'\n' ? utf8.Length - 1 : utf8.Length;

    /// <summary>Scans <paramref name="utf8"/> from byte <paramref name="from"/> on, in (premultiplied, not stopping)
    /// <paramref name="state"/>.</summary>
    private DfaOutcome Continue(int state, ReadOnlySpan<byte> utf8, int from)
    {
        int stop = NonAsciiState << _shift;
        int length = ScanLength(utf8);
        ref int next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref byte classOf = ref MemoryMarshal.GetArrayDataReference(_classOf);
        ref byte input = ref MemoryMarshal.GetReference(utf8);
        for (int i = from; i < length; i++)
        {
            if (state >= _skipFrom)
            {
                var looping = _selfLoop[state >> _shift]!;
                // Jump to the first byte that leaves this state (or to the end): the bytes skipped change nothing.
                int leave = utf8[i..length].IndexOfAnyExcept(looping);
                if (leave < 0) break;
                i += leave;
            }
            state = Unsafe.Add(ref next, state + Unsafe.Add(ref classOf, Unsafe.Add(ref input, i)));
            if ((uint)state <= (uint)stop) return Outcome(state);
            // One lookup per byte until the scan enters a state with the skip (the byte that entered it is consumed).
            while (state < _skipFrom)
            {
                if (++i >= length) return Finish(state, finalNewline: length < utf8.Length);
                state = Unsafe.Add(ref next, state + Unsafe.Add(ref classOf, Unsafe.Add(ref input, i)));
                if ((uint)state <= (uint)stop) return Outcome(state);
            }
        }
        return Finish(state, finalNewline: length < utf8.Length);
    }

    /// <summary>The answer once the scan reached its end in a state that is not stopping: a pending <c>$</c> holds at
    /// the end of the value and, when <paramref name="finalNewline"/>, also before that last line feed.</summary>
    private DfaOutcome Finish(int state, bool finalNewline)
    {
        if (finalNewline)
        {
            if (_endPending[state >> _shift]) return DfaOutcome.Match;
            state = _next[state + _classOf['\n']];
            if (IsStopping(state)) return Outcome(state);
        }
        return _endPending[state >> _shift] ? DfaOutcome.Match : DfaOutcome.NoMatch;
    }

    /// <summary>The answer of a stopping state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DfaOutcome Outcome(int stoppingState) => (stoppingState >> _shift) switch
    {
        DeadState => DfaOutcome.NoMatch,
        AcceptState => DfaOutcome.Match,
        _ => DfaOutcome.NonAscii,
    };
}
