using Apache.Arrow;
using Pipeline.Core.Memory;
using Apache.Arrow.Types;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Clean;

/// <summary>Builds Arrow arrays from cleaned <see cref="Vec"/>s.</summary>
internal static class VecArrays
{
    public static IArrowArray Build(Vec v, IArrowType type)
    {
        int n = v.Length;
        switch (type)
        {
            case DoubleType:
            {
                var b = new DoubleArray.Builder().Reserve(n);
                for (int i = 0; i < n; i++) if (v.IsNull(i)) b.AppendNull(); else b.Append(v.Numbers![i]);
                return b.Build(ManagedAllocator.Instance);
            }
            case StringType:
            {
                var b = new StringArray.Builder();
                for (int i = 0; i < n; i++) if (v.IsNull(i)) b.AppendNull(); else b.Append(v.Strings![i]);
                return b.Build(ManagedAllocator.Instance);
            }
            case BooleanType:
            {
                var b = new BooleanArray.Builder().Reserve(n);
                for (int i = 0; i < n; i++) if (v.IsNull(i)) b.AppendNull(); else b.Append(v.Bools![i]);
                return b.Build(ManagedAllocator.Instance);
            }
            case Date32Type:
            {
                var b = new Date32Array.Builder().Reserve(n);
                for (int i = 0; i < n; i++)
                    if (v.IsNull(i)) b.AppendNull(); else b.Append(DateTime.UnixEpoch.AddTicks(v.Times![i] * 10).Date);
                return b.Build(ManagedAllocator.Instance);
            }
            case TimestampType t:
            {
                var b = new TimestampArray.Builder(t).Reserve(n);
                for (int i = 0; i < n; i++)
                    if (v.IsNull(i)) b.AppendNull(); else b.Append(new DateTimeOffset(DateTime.UnixEpoch.AddTicks(v.Times![i] * 10), TimeSpan.Zero));
                return b.Build(ManagedAllocator.Instance);
            }
            default: throw new InvalidOperationException($"cleaning does not write {type.Name}");
        }
    }

    /// <summary>A non-null boolean column.</summary>
    public static IArrowArray Flags(bool[] flags)
    {
        var b = new BooleanArray.Builder().Reserve(flags.Length);
        foreach (var f in flags) b.Append(f);
        return b.Build(ManagedAllocator.Instance);
    }
}
