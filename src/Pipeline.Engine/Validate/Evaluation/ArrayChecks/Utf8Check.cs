using Apache.Arrow;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary>
/// Base of the text checks: runs a per-value test on the UTF-8 bytes of a <see cref="StringArray"/> (or once per
/// dictionary entry of a dictionary-encoded one), never building .NET strings. Large and string-view arrays go
/// value by value through <see cref="Values.ArrowValues"/>.
/// </summary>
internal abstract class Utf8Check : IArrayCheck
{
    /// <summary>Whether a run of equal values reuses the previous answer (worth it when the test costs more than
    /// comparing two values, and runs are likely, as in low-cardinality columns).</summary>
    protected virtual bool ReusesRuns => false;

    /// <summary>Whether the value (non-null) fails.</summary>
    protected abstract bool Fails(ReadOnlySpan<byte> value);

    /// <summary>Whether one non-null value, as UTF-8 bytes, fails (for readers that hold no Arrow array).</summary>
    public bool FailsValue(ReadOnlySpan<byte> value) => Fails(value);

    /// <summary>Evaluates every row of one string array; override for a faster whole-array form.</summary>
    protected virtual int EvaluateStrings(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, Span<bool> fails)
    {
        int count = 0;
        ReadOnlySpan<byte> previous = default;
        bool previousFails = false, havePrevious = false;
        for (int i = 0; i < fails.Length; i++)
        {
            var value = data[offsets[i]..offsets[i + 1]];
            bool fail;
            if (ReusesRuns && havePrevious && value.SequenceEqual(previous)) fail = previousFails;
            else
            {
                fail = Fails(value);
                previous = value;
                previousFails = fail;
                havePrevious = true;
            }
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return count;
    }

    public int Evaluate(IArrowArray array, Span<bool> fails)
    {
        fails = fails[..array.Length];
        switch (array)
        {
            case StringArray s:
            {
                int count = EvaluateStrings(s.ValueOffsets, s.Values, fails);
                return s.NullCount == 0 ? count : Validity.ClearNulls(s, fails, count);
            }
            case DictionaryArray { Dictionary: StringArray dictionary } d:
            {
                var entryFails = new bool[dictionary.Length];
                if (Evaluate(dictionary, entryFails) < 0) return -1;
                int count = 0;
                for (int i = 0; i < fails.Length; i++)
                {
                    bool fail = !d.IsNull(i) && entryFails[Kernels.Arrays.DictionarySlots.Get(d.Indices, i)];
                    fails[i] = fail;
                    count += fail ? 1 : 0;
                }
                return count;
            }
            default: return -1;
        }
    }
}
