using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Validate.Evaluation.ArrayChecks;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>
/// A rule condition's answer for one batch (<c>expression</c>, <c>then</c>, <c>when</c>, <c>filter</c>): the
/// Boolean array the step expression engine computed, read through its value and validity bitmaps, eight rows per
/// step, with no per-row copy. A row is selected where the condition is true (not null). Owns the array: dispose it
/// once the batch's rule is evaluated.
/// </summary>
internal sealed class ConditionMask : IDisposable
{
    private readonly IArrowArray _result;
    private readonly int _offset;
    // Not a Boolean array: the bare null literal, unknown for every row. Empty validity: no nulls.
    private readonly ReadOnlyMemory<byte> _truth, _validity;

    private ConditionMask(IArrowArray result)
    {
        _result = result;
        if (result is not BooleanArray truth) return;
        _offset = truth.Data.Offset;
        _truth = truth.Data.Buffers[1].Memory;
        _validity = truth.NullCount == 0 ? default : truth.Data.Buffers[0].Memory;
    }

    /// <summary>Evaluates <paramref name="condition"/> over <paramref name="batch"/>.</summary>
    public static ConditionMask Evaluate(ScalarExpression condition, RecordBatch batch) => new(condition.Evaluate(batch));

    /// <summary>Whether row <paramref name="row"/> is selected (the condition is true).</summary>
    public bool Selects(int row) => View().One(row, negate: false);

    /// <summary>Marks in <paramref name="fails"/> the rows where the condition is false (not null) and
    /// <paramref name="filter"/>, when given, selects the row; returns how many.</summary>
    public int MarkFalse(Span<bool> fails, ConditionMask? filter)
    {
        var bits = View();
        var selected = filter is null ? Bits.All : filter.View();
        int n = fails.Length, count = 0, i = 0;
        var bytes = MemoryMarshal.AsBytes(fails);
        for (; i + 8 <= n; i += 8)
        {
            int fail = bits.Eight(i, negate: true) & selected.Eight(i, negate: false);
            Unsafe.WriteUnaligned(ref bytes[i], BoolBytes.OfBits[fail]);
            count += BitOperations.PopCount((uint)fail);
        }
        for (; i < n; i++)
        {
            bool fail = bits.One(i, negate: true) && selected.One(i, negate: false);
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return count;
    }

    /// <summary>Clears the failures of rows this condition does not select (false or null); returns the remaining count.</summary>
    public int Restrict(Span<bool> fails, int count)
    {
        var bits = View();
        int n = fails.Length, i = 0;
        var bytes = MemoryMarshal.AsBytes(fails);
        for (; i + 8 <= n; i += 8)
        {
            ref byte at = ref bytes[i];
            ulong before = Unsafe.ReadUnaligned<ulong>(ref at);
            if (before == 0) continue;
            ulong after = before & BoolBytes.OfBits[bits.Eight(i, negate: false)];
            Unsafe.WriteUnaligned(ref at, after);
            count -= BitOperations.PopCount(before) - BitOperations.PopCount(after);
        }
        for (; i < n; i++)
        {
            if (!fails[i] || bits.One(i, negate: false)) continue;
            fails[i] = false;
            count--;
        }
        return count;
    }

    private Bits View() => new(_truth.Span, _validity.Span, _offset, _result is BooleanArray);

    /// <summary>The bitmaps of one condition, read a row or eight at a time: a bit is set where the condition is
    /// true (or false, negated) and not null.</summary>
    private readonly ref struct Bits(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> validity, int offset, bool known)
    {
        private readonly ReadOnlySpan<byte> _truth = truth, _validity = validity;
        private readonly int _offset = offset;
        private readonly bool _known = known, _all;

        /// <summary>Every row selected (no filter).</summary>
        public static Bits All => new(default, default, 0, known: true, all: true);

        private Bits(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> validity, int offset, bool known, bool all) : this(truth, validity, offset, known) => _all = all;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Eight(int row, bool negate)
        {
            if (_all) return 0xFF;
            if (!_known) return 0;
            int bit = _offset + row;
            int truth = Validity.EightBits(_truth, bit);
            if (negate) truth = ~truth & 0xFF;
            return _validity.IsEmpty ? truth : truth & Validity.EightBits(_validity, bit);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool One(int row, bool negate)
        {
            if (_all) return true;
            if (!_known) return false;
            int bit = _offset + row;
            bool truth = ((_truth[bit >> 3] >> (bit & 7)) & 1) != 0;
            return truth != negate && (_validity.IsEmpty || ((_validity[bit >> 3] >> (bit & 7)) & 1) != 0);
        }
    }

    /// <summary>Releases the condition's array.</summary>
    public void Dispose() => _result.Dispose();
}
