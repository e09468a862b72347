using Apache.Arrow;

namespace Pipeline.Fuzz;

/// <summary>
/// Reads every value of an array the way a kernel or writer would. An array that passed
/// <c>ArrayValidation</c> must give up all its values without an exception; one that does not is a finding (the
/// validation let through something a consumer trips over).
/// </summary>
internal static class ValueToucher
{
    public static void Touch(IArrowArray array)
    {
        for (int r = 0; r < array.Length; r++) _ = array.IsNull(r);
        switch (array)
        {
            case StringArray a: for (int r = 0; r < a.Length; r++) _ = a.GetString(r); break;
            case LargeStringArray a: for (int r = 0; r < a.Length; r++) _ = a.GetString(r); break;
            case StringViewArray a: for (int r = 0; r < a.Length; r++) _ = a.GetString(r); break;
            case BinaryArray a: for (int r = 0; r < a.Length; r++) _ = a.GetBytes(r).Length; break;
            case BooleanArray a: for (int r = 0; r < a.Length; r++) _ = a.GetValue(r); break;
            case Int64Array a: for (int r = 0; r < a.Length; r++) _ = a.GetValue(r); break;
            case Int32Array a: for (int r = 0; r < a.Length; r++) _ = a.GetValue(r); break;
            case DoubleArray a: for (int r = 0; r < a.Length; r++) _ = a.GetValue(r); break;
            case Date32Array a: for (int r = 0; r < a.Length; r++) _ = a.GetValue(r); break;
            case TimestampArray a: for (int r = 0; r < a.Length; r++) _ = a.GetValue(r); break;
            case ListArray a:
                for (int r = 0; r < a.Length; r++) _ = a.GetValueLength(r);
                Touch(a.Values);
                break;
            case LargeListArray a:
                for (int r = 0; r < a.Length; r++) _ = a.GetValueLength(r);
                Touch(a.Values);
                break;
            case FixedSizeListArray a: Touch(a.Values); break;
            case StructArray a: foreach (var field in a.Fields) Touch(field); break;
            case DictionaryArray a:
                Touch(a.Indices);
                Touch(a.Dictionary);
                break;
        }
    }
}
