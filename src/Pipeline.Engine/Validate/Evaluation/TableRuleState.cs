using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// The mergeable state of one table rule: rows, nulls, numeric count/sum/min/max, and for <c>unique</c> an exact
/// in-memory set of the column's values (numbers, dates and booleans by value, text by ordinal string). The set is
/// bounded by the memory budget; spilling it comes with the out-of-core work. Duplicates are counted exactly:
/// a value seen again, here or in a merged state, counts once per extra occurrence.
/// </summary>
internal sealed class TableRuleState
{
    public long Rows, Nulls, NumericCount, Duplicates;
    public double Sum, Min = double.PositiveInfinity, Max = double.NegativeInfinity;
    public HashSet<long>? NumberKeys;
    public HashSet<string>? TextKeys;
    /// <summary>The smallest duplicated values (as text), for examples; deterministic whatever the merge order.</summary>
    public SortedSet<string> DuplicateExamples { get; } = new(StringComparer.Ordinal);

    public void Update(Vec? v, int length, bool unique)
    {
        Rows += length;
        if (v is null) return;
        for (int i = 0; i < length; i++)
        {
            if (v.IsNull(i)) { Nulls++; continue; }
            if (v.Kind == ValueKind.Number)
            {
                double d = v.Numbers![i];
                if (!double.IsNaN(d))
                {
                    NumericCount++; Sum += d;
                    if (d < Min) Min = d;
                    if (d > Max) Max = d;
                }
            }
            if (unique) AddKey(v, i);
        }
    }

    private void AddKey(Vec v, int i)
    {
        bool added;
        switch (v.Kind)
        {
            case ValueKind.String: added = (TextKeys ??= new HashSet<string>(StringComparer.Ordinal)).Add(v.Strings![i]!); break;
            case ValueKind.Number:
            {
                double d = v.Numbers![i];
                added = (NumberKeys ??= []).Add(BitConverter.DoubleToInt64Bits(d == 0 ? 0 : d));
                break;
            }
            case ValueKind.Time: added = (NumberKeys ??= []).Add(v.Times![i]); break;
            default: added = (NumberKeys ??= []).Add(v.Bools![i] ? 1 : 0); break;
        }
        if (!added) Duplicate(RowCheck.Display(v, i));
    }

    private void Duplicate(string value)
    {
        Duplicates++;
        DuplicateExamples.Add(value);
        if (DuplicateExamples.Count > RuleTally.MaxExamples) DuplicateExamples.Remove(DuplicateExamples.Max!);
    }

    public void Merge(TableRuleState other, ValueKind? kind)
    {
        Rows += other.Rows; Nulls += other.Nulls; NumericCount += other.NumericCount; Sum += other.Sum;
        Min = Math.Min(Min, other.Min); Max = Math.Max(Max, other.Max);
        Duplicates += other.Duplicates;
        foreach (var e in other.DuplicateExamples) { DuplicateExamples.Add(e); }
        while (DuplicateExamples.Count > RuleTally.MaxExamples) DuplicateExamples.Remove(DuplicateExamples.Max!);
        if (other.TextKeys is not null)
        {
            TextKeys ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var k in other.TextKeys) if (!TextKeys.Add(k)) Duplicate("'" + k + "'");
        }
        if (other.NumberKeys is not null)
        {
            NumberKeys ??= [];
            foreach (var k in other.NumberKeys) if (!NumberKeys.Add(k)) Duplicate(KeyText(k, kind));
        }
    }

    private static string KeyText(long key, ValueKind? kind) => kind switch
    {
        ValueKind.Number => BitConverter.Int64BitsToDouble(key).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.Time => RowCheck.Display(new Vec { Kind = ValueKind.Time, Length = 1, Times = [key] }, 0),
        _ => key == 1 ? "true" : "false",
    };
}
