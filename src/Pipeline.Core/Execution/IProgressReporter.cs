namespace Pipeline.Core.Execution;

/// <summary>Receives progress from readers, in bytes of input consumed. Implementations must be thread-safe and cheap.</summary>
public interface IProgressReporter
{
    /// <summary>Announces an input of a known size (0 when unknown, e.g. standard input).</summary>
    void AddTotal(long bytes);

    /// <summary>Reports bytes consumed since the last call.</summary>
    void Advance(long bytes);
}

/// <summary>A progress reporter that only counts, for headless runs and tests.</summary>
public sealed class CountingProgress : IProgressReporter
{
    private long _total, _done;

    /// <summary>Sum of announced input sizes.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Bytes consumed so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <inheritdoc />
    public void AddTotal(long bytes) => Interlocked.Add(ref _total, bytes);

    /// <inheritdoc />
    public void Advance(long bytes) => Interlocked.Add(ref _done, bytes);
}
