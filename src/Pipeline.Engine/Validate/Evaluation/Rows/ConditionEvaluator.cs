using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>An expression or conditional rule: a row fails where the condition is false, unless it is null or the
/// filter (<c>when</c>) does not select the row.</summary>
internal sealed class ConditionEvaluator(Rule rule, BoundExpr condition) : RowEvaluator(rule)
{
    /// <inheritdoc />
    public override int Evaluate(BatchColumns columns, Vec? filter, Span<bool> fails) => Mark(condition.Evaluate(columns), filter, fails);

    /// <summary>Thirty-two rows per step on the bool bytes (0 or 1).</summary>
    private static int Mark(Vec condition, Vec? filter, Span<bool> fails)
    {
        int n = fails.Length, count = 0, i = 0;
        ReadOnlySpan<bool> truth = condition.Bools!.AsSpan(0, n);
        ReadOnlySpan<bool> nulls = condition.Nulls is { } conditionNulls ? conditionNulls.AsSpan(0, n) : default;
        ReadOnlySpan<bool> selected = filter?.Bools is { } filterTrue ? filterTrue.AsSpan(0, n) : default;
        ReadOnlySpan<bool> unselected = filter?.Nulls is { } filterNulls ? filterNulls.AsSpan(0, n) : default;
        var one = Vector256.Create((byte)1);
        for (; Vector256.IsHardwareAccelerated && i + 32 <= n; i += 32)
        {
            var fail = Load(truth, i) ^ one;
            if (!nulls.IsEmpty) fail &= Load(nulls, i) ^ one;
            if (!selected.IsEmpty) fail &= Load(selected, i);
            if (!unselected.IsEmpty) fail &= Load(unselected, i) ^ one;
            Vector256.StoreUnsafe(fail, ref Unsafe.As<bool, byte>(ref fails[i]));
            count += BitOperations.PopCount(Vector256.ExtractMostSignificantBits(Vector256.Equals(fail, one)));
        }
        for (; i < n; i++)
        {
            bool fail = !truth[i] && (nulls.IsEmpty || !nulls[i]) && (selected.IsEmpty || selected[i]) && (unselected.IsEmpty || !unselected[i]);
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return count;

        static Vector256<byte> Load(ReadOnlySpan<bool> flags, int at) =>
            Vector256.LoadUnsafe(ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(flags)), (nuint)at);
    }

    /// <inheritdoc />
    public override string Reason(BatchColumns columns, int row) => $"{Rule.Name}: \"{Rule.Text}\" is false";

    /// <inheritdoc />
    public override string? Value(BatchColumns columns, int row) => null;
}
