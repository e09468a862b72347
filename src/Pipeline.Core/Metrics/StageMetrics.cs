using System.Diagnostics;

namespace Pipeline.Core.Metrics;

/// <summary>Counters for one stage of a run. Thread-safe: workers add to it concurrently.</summary>
public sealed class StageMetrics(string name, string kind)
{
    private long _rowsIn, _rowsOut, _bytesIn, _bytesOut, _elapsedTicks, _batches;

    /// <summary>Stage name (e.g. <c>read</c>, a transform's name, <c>write:out.parquet</c>).</summary>
    public string Name { get; } = name;
    /// <summary>Stage kind: <c>source</c>, <c>transform</c>, <c>analyzer</c>, <c>operator</c> or <c>sink</c>.</summary>
    public string Kind { get; } = kind;
    /// <summary>Rows that entered the stage.</summary>
    public long RowsIn => Interlocked.Read(ref _rowsIn);
    /// <summary>Rows the stage passed on.</summary>
    public long RowsOut => Interlocked.Read(ref _rowsOut);
    /// <summary>Bytes read by the stage (file bytes for sources, buffer bytes otherwise).</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);
    /// <summary>Bytes written by the stage.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);
    /// <summary>Batches processed.</summary>
    public long Batches => Interlocked.Read(ref _batches);
    /// <summary>Time spent inside the stage, summed over workers.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _elapsedTicks));

    /// <summary>Records one batch's worth of work.</summary>
    public void Add(long rowsIn, long rowsOut, long elapsedTimestampTicks, long bytesIn = 0, long bytesOut = 0)
    {
        Interlocked.Add(ref _rowsIn, rowsIn);
        Interlocked.Add(ref _rowsOut, rowsOut);
        Interlocked.Add(ref _bytesIn, bytesIn);
        Interlocked.Add(ref _bytesOut, bytesOut);
        Interlocked.Add(ref _elapsedTicks, elapsedTimestampTicks);
        Interlocked.Increment(ref _batches);
    }

    /// <summary>Records time spent outside any batch (opening, committing).</summary>
    public void AddElapsed(long elapsedTimestampTicks) => Interlocked.Add(ref _elapsedTicks, elapsedTimestampTicks);

    /// <summary>Sets byte counters that are only known at the end (e.g. a sink's file size).</summary>
    public void SetBytes(long? bytesIn = null, long? bytesOut = null)
    {
        if (bytesIn is { } i) Interlocked.Exchange(ref _bytesIn, i);
        if (bytesOut is { } o) Interlocked.Exchange(ref _bytesOut, o);
    }
}
