using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pipeline.Kernels.Text;

/// <summary>
/// Runs an <see cref="AsciiDfa"/> over many values at once. One value's scan is a chain of dependent table lookups,
/// so its speed is the load latency (about 5 cycles a byte); four values scanned in lockstep keep four independent
/// chains in flight and the core overlaps them. A lane whose value is settled (a stopping state or the end of its
/// bytes) takes the next value; when the values run out, the lanes still busy finish one by one.
/// </summary>
internal static class AsciiDfaBatch
{
    /// <summary>One value being scanned: its index, the absolute position in the data and the end of its scan there,
    /// and the premultiplied state.</summary>
    private struct Lane
    {
        public int Value;
        public int Position;
        public int End;
        public int State;
    }

    /// <summary>Hands out the values still to scan, settling on the spot those that need no scan (skipped ones, and
    /// values with nothing to scan).</summary>
    private ref struct Cursor(AsciiDfa dfa, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, ReadOnlySpan<bool> skip, Span<DfaOutcome> outcomes)
    {
        private readonly ReadOnlySpan<int> _offsets = offsets;
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly ReadOnlySpan<bool> _skip = skip;
        private readonly Span<DfaOutcome> _outcomes = outcomes;
        private int _next;

        public bool TryTake(out Lane lane)
        {
            while (_next < _outcomes.Length)
            {
                int v = _next++;
                if (!_skip.IsEmpty && _skip[v])
                {
                    _outcomes[v] = DfaOutcome.NoMatch;
                    continue;
                }
                var value = _data[_offsets[v].._offsets[v + 1]];
                int scan = dfa.ScanLength(value);
                if (scan == 0)
                {
                    _outcomes[v] = dfa.Finish(dfa.Start, finalNewline: value.Length > 0);
                    continue;
                }
                lane = new Lane { Value = v, Position = _offsets[v], End = _offsets[v] + scan, State = dfa.Start };
                return true;
            }
            lane = new Lane { Value = -1 };
            return false;
        }

        /// <summary>Records the answer of a lane that stopped or reached the end of its scan.</summary>
        public readonly void Settle(in Lane lane) =>
            _outcomes[lane.Value] = dfa.IsStopping(lane.State)
                ? dfa.Outcome(lane.State)
                : dfa.Finish(lane.State, finalNewline: lane.End < _offsets[lane.Value + 1]);

        /// <summary>Finishes a lane one byte at a time (after the lockstep loop).</summary>
        public readonly void Drain(in Lane lane)
        {
            if (lane.Value < 0) return;
            if (dfa.IsStopping(lane.State))
            {
                _outcomes[lane.Value] = dfa.Outcome(lane.State);
                return;
            }
            int start = _offsets[lane.Value];
            _outcomes[lane.Value] = dfa.Continue(lane.State, _data[start.._offsets[lane.Value + 1]], lane.Position - start);
        }
    }

    /// <summary>Writes the outcome of value i (<c>data[offsets[i]..offsets[i + 1]]</c>) to <c>outcomes[i]</c>;
    /// values whose <paramref name="skip"/> entry is true get <see cref="DfaOutcome.NoMatch"/> unscanned.</summary>
    public static void Run(AsciiDfa dfa, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, ReadOnlySpan<bool> skip, Span<DfaOutcome> outcomes)
    {
        if (dfa.IsStopping(dfa.Start))
        {
            // The pattern's answer does not depend on the value (it matches the empty string, or nothing at all).
            var always = dfa.Outcome(dfa.Start);
            for (int i = 0; i < outcomes.Length; i++) outcomes[i] = !skip.IsEmpty && skip[i] ? DfaOutcome.NoMatch : always;
            return;
        }

        var cursor = new Cursor(dfa, offsets, data, skip, outcomes);
        var a = new Lane { Value = -1 };
        var b = a;
        var c = a;
        var d = a;
        if (cursor.TryTake(out a) && cursor.TryTake(out b) && cursor.TryTake(out c) && cursor.TryTake(out d))
            Lockstep(dfa, ref cursor, data, ref a, ref b, ref c, ref d);
        cursor.Drain(a);
        cursor.Drain(b);
        cursor.Drain(c);
        cursor.Drain(d);
    }

    /// <summary>Scans four lanes together while there are values to refill them; returns with up to four lanes
    /// unfinished (Value -1: idle).</summary>
    private static void Lockstep(AsciiDfa dfa, ref Cursor cursor, ReadOnlySpan<byte> data, ref Lane a, ref Lane b, ref Lane c, ref Lane d)
    {
        var (table, classes) = dfa.Tables;
        ref int next = ref MemoryMarshal.GetArrayDataReference(table);
        ref byte classOf = ref MemoryMarshal.GetArrayDataReference(classes);
        ref byte input = ref MemoryMarshal.GetReference(data);
        uint stop = (uint)(AsciiDfa.NonAsciiState << dfa.RowShift);
        int sa = a.State, sb = b.State, sc = c.State, sd = d.State;
        while (true)
        {
            int steps = Math.Min(Math.Min(a.End - a.Position, b.End - b.Position), Math.Min(c.End - c.Position, d.End - d.Position));
            ref byte pa = ref Unsafe.Add(ref input, a.Position);
            ref byte pb = ref Unsafe.Add(ref input, b.Position);
            ref byte pc = ref Unsafe.Add(ref input, c.Position);
            ref byte pd = ref Unsafe.Add(ref input, d.Position);
            int j = 0;
            while (j < steps)
            {
                sa = Unsafe.Add(ref next, sa + Unsafe.Add(ref classOf, Unsafe.Add(ref pa, j)));
                sb = Unsafe.Add(ref next, sb + Unsafe.Add(ref classOf, Unsafe.Add(ref pb, j)));
                sc = Unsafe.Add(ref next, sc + Unsafe.Add(ref classOf, Unsafe.Add(ref pc, j)));
                sd = Unsafe.Add(ref next, sd + Unsafe.Add(ref classOf, Unsafe.Add(ref pd, j)));
                j++;
                if (((uint)sa <= stop) | ((uint)sb <= stop) | ((uint)sc <= stop) | ((uint)sd <= stop)) break;
            }
            a.Position += j;
            b.Position += j;
            c.Position += j;
            d.Position += j;
            a.State = sa;
            b.State = sb;
            c.State = sc;
            d.State = sd;
            if (!Refill(ref cursor, ref a, stop, ref sa) | !Refill(ref cursor, ref b, stop, ref sb)
                | !Refill(ref cursor, ref c, stop, ref sc) | !Refill(ref cursor, ref d, stop, ref sd))
                return;
        }
    }

    /// <summary>Settles a finished lane and loads the next value into it; false when none is left (the lane is then
    /// idle). A lane still scanning is left alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Refill(ref Cursor cursor, ref Lane lane, uint stop, ref int state)
    {
        if (lane.Value < 0) return false;
        if (lane.Position < lane.End && (uint)state > stop) return true;
        cursor.Settle(lane);
        if (!cursor.TryTake(out lane)) return false;
        state = lane.State;
        return true;
    }
}
