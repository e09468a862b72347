using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// <c>string_agg(x, sep)</c>: each group's non-null strings joined by the separator in input order. Values are
/// appended to one arena and chained per group (head, tail, next), so order is kept without per-group objects.
/// </summary>
internal sealed class StringAggMeasure(string separator) : MeasureState
{
    private readonly byte[] _separator = Encoding.UTF8.GetBytes(separator);
    private int[] _head = [];
    private int[] _tail = [];
    private int[] _next = [];
    private int[] _starts = new int[1];
    private byte[] _arena = [];
    private int _count;

    public override long Bytes => (_head.Length + _tail.Length + _next.Length + _starts.Length) * 4L + _arena.Length;

    public override void EnsureGroups(int groups)
    {
        int old = _head.Length;
        Ensure(ref _head, groups);
        Ensure(ref _tail, groups);
        // -1 ends a chain; new groups start empty.
        _head.AsSpan(old).Fill(-1);
    }

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var valid = values!.Valid;
        Ensure(ref _next, _count + groups.Length);
        Ensure(ref _starts, _count + groups.Length + 1);
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            var value = values.Bytes(r);
            int id = _count++;
            long end = (long)_starts[id] + value.Length;
            if (end > System.Array.MaxLength)
                throw new PipelineException(PipelineErrorKind.ResourcesExhausted, "string_agg values exceed 2 GiB in one group pass; set a memory limit so the aggregate spills");
            if (end > _arena.Length) System.Array.Resize(ref _arena, (int)Math.Min(System.Array.MaxLength, Math.Max(end, Math.Max(1024, _arena.Length * 2L))));
            value.CopyTo(_arena.AsSpan(_starts[id]));
            _starts[id + 1] = (int)end;
            _next[id] = -1;
            int g = groups[r];
            if (_head[g] < 0) _head[g] = id;
            else _next[_tail[g]] = id;
            _tail[g] = id;
        }
    }

    public override IArrowArray Build(int start, int count)
    {
        var valid = new bool[count];
        var joined = new byte[count][];
        var buffer = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            int id = _head[start + i];
            if (id < 0) continue;
            buffer.Clear();
            for (bool first = true; id >= 0; id = _next[id], first = false)
            {
                if (!first) buffer.AddRange(_separator);
                buffer.AddRange(_arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]));
            }
            joined[i] = [.. buffer];
            valid[i] = true;
        }
        return OutputArrays.FromBytes(StringType.Default, valid, i => joined[i]);
    }
}
