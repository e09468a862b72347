using Apache.Arrow.Memory;
using Pipeline.Core.Metrics;
using Pipeline.Core.Options;
using Pipeline.Core.Quarantine;

namespace Pipeline.Core.Execution;

/// <summary>
/// Per-run services handed to every source, transform, operator and sink: options, cancellation, metrics,
/// progress, the quarantine, and the Arrow allocator. One context per run; it is thread-safe.
/// </summary>
public sealed class PipelineContext : IDisposable
{
    /// <summary>Creates a context.</summary>
    /// <param name="options">Engine settings; validated here.</param>
    /// <param name="cancellationToken">Cancels the whole run.</param>
    /// <param name="progress">Where readers report bytes consumed; a counting reporter when null.</param>
    /// <param name="quarantine">Where rejected rows go; an in-memory collector when null.</param>
    public PipelineContext(PipelineOptions? options = null, CancellationToken cancellationToken = default,
        IProgressReporter? progress = null, QuarantineCollector? quarantine = null)
    {
        Options = (options ?? new PipelineOptions()).Validate();
        CancellationToken = cancellationToken;
        _inputBytes = new CountingProgress();
        Progress = progress is null ? _inputBytes : new ProgressTee(_inputBytes, progress);
        Quarantine = quarantine ?? new QuarantineCollector();
    }

    /// <summary>Engine settings for this run.</summary>
    public PipelineOptions Options { get; }

    /// <summary>Cancels the run; every long loop checks it.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Stage metrics of this run.</summary>
    public RunMetrics Metrics { get; } = new();

    private readonly CountingProgress _inputBytes;

    /// <summary>Byte progress of the readers (also forwarded to the reporter given at construction).</summary>
    public IProgressReporter Progress { get; }

    /// <summary>Input bytes the readers reported as consumed so far.</summary>
    public long InputBytesRead => _inputBytes.Done;

    /// <summary>Input sizes the readers announced.</summary>
    public long InputBytesTotal => _inputBytes.Total;

    private sealed class ProgressTee(IProgressReporter a, IProgressReporter b) : IProgressReporter
    {
        public void AddTotal(long bytes) { a.AddTotal(bytes); b.AddTotal(bytes); }
        public void Advance(long bytes) { a.Advance(bytes); b.Advance(bytes); }
    }

    /// <summary>Rows rejected by readers and transforms, with their reasons.</summary>
    public QuarantineCollector Quarantine { get; }

    /// <summary>The allocator for Arrow buffers built during the run.</summary>
    public MemoryAllocator Allocator { get; } = MemoryAllocator.Default.Value;

    /// <inheritdoc />
    public void Dispose() => Quarantine.Dispose();
}
