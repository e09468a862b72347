using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>A node of the fast evaluator: works on <see cref="KVec"/>s (raw spans and bitmaps) instead of managed
/// value arrays. Built by <see cref="KernelCompiler"/> from the bound <see cref="Node"/> tree it mirrors.</summary>
internal abstract class Kernel(SqlType type)
{
    public SqlType Type { get; } = type;

    /// <summary>The storage kind of <see cref="Type"/>.</summary>
    public SqlKind Storage { get; } = KVec.StorageOf(type.Kind) ?? throw new ArgumentException($"no kernel storage for {type}");

    public abstract KVec Evaluate(KContext context);
}

/// <summary>One fast evaluation over one batch: columns read once however often they are named, and the slow
/// evaluator's context for parts the kernels do not cover.</summary>
internal sealed class KContext(RecordBatch batch, string text, Kernel root)
{
    private readonly Dictionary<(int, SqlKind), KVec> _columns = [];
    private readonly List<byte[]> _rented = [];
    private EvalContext? _slow;

    public RecordBatch Batch { get; } = batch;
    public int Length { get; } = batch.Length;

    public EvalContext Slow => _slow ??= new EvalContext(Batch, Length, text);

    public KVec Column(int index, SqlKind storage, Func<IArrowArray, int, KVec> read)
    {
        if (!_columns.TryGetValue((index, storage), out var v))
            _columns[(index, storage)] = v = read(Batch.Column(index), Length);
        return v;
    }

    public InvalidOperationException Error(string what) => new($"{what} in '{text}'");

    /// <summary>
    /// A value array of at least <paramref name="bytes"/> for <paramref name="owner"/>'s result (contents
    /// unspecified). The root's result becomes the output array, so it is a fresh array the garbage collector owns;
    /// every other node's is a temporary rented from the shared pool and returned by <see cref="Release"/>, because
    /// fresh large arrays cost page faults on every batch, far more than the loops that fill them.
    /// </summary>
    public byte[] Values(Kernel? owner, int bytes)
    {
        if (ReferenceEquals(owner, root)) return GC.AllocateUninitializedArray<byte>(bytes);
        var a = ArrayPool<byte>.Shared.Rent(bytes);
        _rented.Add(a);
        return a;
    }

    /// <summary>A scalar of BIGINT or DOUBLE storage expanded into a pooled temporary (for loops that want two
    /// columns); a column as it is.</summary>
    public KVec Expand(KVec v)
    {
        if (!v.IsScalar || v.Storage == SqlKind.Boolean || v.IsNullScalar) return v.Materialize();
        int bytes = Length * 8;
        var data = Values(null, bytes);
        if (v.Scalar is double d) MemoryMarshal.Cast<byte, double>(data.AsSpan(0, bytes)).Fill(d);
        else MemoryMarshal.Cast<byte, long>(data.AsSpan(0, bytes)).Fill(v.ScalarLong);
        return KVec.Column(v.Storage, Length, new ReadOnlyMemory<byte>(data, 0, bytes), null, owned: true);
    }

    /// <summary>Whether <paramref name="memory"/> is a temporary that <see cref="Release"/> will hand back.</summary>
    public bool IsTemporary(ReadOnlyMemory<byte> memory)
        => MemoryMarshal.TryGetArray(memory, out var segment) && _rented.Exists(a => ReferenceEquals(a, segment.Array));

    /// <summary>Returns the temporaries to the pool: after the result is written, or after an error.</summary>
    public void Release()
    {
        foreach (var a in _rented) ArrayPool<byte>.Shared.Return(a);
        _rented.Clear();
    }
}

/// <summary>A batch the kernels were not built for (an array type other than the schema promised): the caller
/// evaluates it with the general evaluator instead.</summary>
internal sealed class KernelFallbackException() : Exception("fast evaluation does not cover this batch");

/// <summary>A constant: kept as a scalar, never expanded into an array.</summary>
internal sealed class ConstantKernel(SqlType type, object? value) : Kernel(type)
{
    public object? Value { get; } = value;
    public override KVec Evaluate(KContext context) => KVec.Constant(Storage, Value, context.Length);
}

/// <summary>A part the kernels do not cover, evaluated by the general evaluator and converted.</summary>
internal sealed class SlowKernel(Node node) : Kernel(node.Type)
{
    public override KVec Evaluate(KContext context)
    {
        var v = node.Evaluate(context.Slow);
        int n = context.Length;
        byte[]? validity = null;
        if (v.Nulls is { } nulls)
        {
            validity = BitOps.NewBitmap(n);
            var w = BitOps.AsWords(validity);
            for (int i = 0; i < n; i++) if (!nulls[i]) w[i >> 6] |= 1UL << (i & 63);
        }
        switch (v.Values)
        {
            case bool[] b:
            {
                var bits = BitOps.NewBitmap(n);
                var w = BitOps.AsWords(bits);
                for (int i = 0; i < n; i++) if (b[i]) w[i >> 6] |= 1UL << (i & 63);
                return KVec.Column(Storage, n, bits, validity, owned: true);
            }
            case long[] l: return KVec.Column(Storage, n, System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.AsSpan()).ToArray(), validity, owned: true);
            case double[] d: return KVec.Column(Storage, n, System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.AsSpan()).ToArray(), validity, owned: true);
            default: throw new KernelFallbackException();
        }
    }
}
