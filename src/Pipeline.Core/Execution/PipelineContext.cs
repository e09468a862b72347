using Pipeline.Core.Memory;
using Pipeline.Core.Metrics;
using Pipeline.Core.Options;
using Pipeline.Core.Quarantine;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Execution;

/// <summary>
/// Per-run services handed to every source, transform, operator and sink: options, cancellation, metrics,
/// progress, the quarantine, the memory pool, the spill manager and the Arrow allocator. One context per run; it is
/// thread-safe. Disposing it deletes the run's spill folder, whether the run succeeded, failed or was cancelled.
/// </summary>
public sealed class PipelineContext : IDisposable
{
    /// <summary>Creates a context.</summary>
    /// <param name="options">Engine settings; validated here.</param>
    /// <param name="cancellationToken">Cancels the whole run.</param>
    /// <param name="progress">Where readers report bytes consumed; a counting reporter when null.</param>
    /// <param name="quarantine">Where rejected rows go; an in-memory collector when null.</param>
    /// <param name="memoryPool">The run's memory budget; a consumer-tracking greedy pool of <see cref="PipelineOptions.MemoryLimit"/> when null.</param>
    /// <param name="maxSpillSegmentBytes">Size at which spill files roll to a new segment.</param>
    public PipelineContext(PipelineOptions? options = null, CancellationToken cancellationToken = default,
        IProgressReporter? progress = null, QuarantineCollector? quarantine = null,
        MemoryPool? memoryPool = null, long maxSpillSegmentBytes = SpillManager.DefaultMaxSegmentBytes)
    {
        Options = (options ?? new PipelineOptions()).Validate();
        CancellationToken = cancellationToken;
        _inputBytes = new CountingProgress();
        Progress = progress is null ? _inputBytes : new ProgressTee(_inputBytes, progress);
        Quarantine = quarantine ?? new QuarantineCollector();
        MemoryPool = memoryPool ?? new TrackConsumersPool(new GreedyPool(Options.MemoryLimit));
        string? spillDirectory = Options.SpillDirectory;
        // Created on first use: most runs never spill, and creating a manager scans the spill directory for leftovers.
        _spill = new Lazy<SpillManager>(() => new SpillManager(spillDirectory, maxSpillSegmentBytes), LazyThreadSafetyMode.ExecutionAndPublication);
        // The quarantine holds rows like any buffering operator: under the run's budget, spilling into its folder.
        Quarantine.Attach(MemoryPool, () => Spill);
    }

    private readonly Lazy<SpillManager> _spill;

    /// <summary>The run's memory budget; operators that buffer data register a consumer here.</summary>
    public MemoryPool MemoryPool { get; }

    /// <summary>The run's spill files (folder under <see cref="PipelineOptions.SpillDirectory"/> or the system temp).</summary>
    public SpillManager Spill => _spill.Value;

    /// <summary>Bytes spilled so far (0 when nothing spilled), for run metrics.</summary>
    public long SpilledBytes => _spill.IsValueCreated ? _spill.Value.SpilledBytes : 0;

    /// <summary>Spill segment files written so far, for run metrics.</summary>
    public int SpillFiles => _spill.IsValueCreated ? _spill.Value.SpillFiles : 0;

    private readonly List<string> _warnings = [];

    /// <summary>Records something the run's reader of <c>results.json</c> must know although the run goes on (input
    /// accepted with damage, bytes replaced); each message names the input and where.</summary>
    public void Warn(string message)
    {
        lock (_warnings) _warnings.Add(message);
    }

    /// <summary>The warnings recorded so far, in order.</summary>
    public IReadOnlyList<string> Warnings
    {
        get { lock (_warnings) return [.. _warnings]; }
    }

    /// <summary>Set by a reader that accepted an input it knows to be incomplete (a truncated stream read with
    /// <c>--allow-truncated</c>): the run's status then says so.</summary>
    public bool InputTruncated { get; private set; }

    /// <summary>Marks the input as incomplete and records why.</summary>
    public void MarkInputTruncated(string message)
    {
        InputTruncated = true;
        Warn(message);
    }

    /// <summary>Opens the other tables a stage needs (rule reference tables); null when the host gave none, and then
    /// a stage that needs one fails with a clear error.</summary>
    public Streams.ISourceResolver? Sources { get; init; }

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

    /// <summary>The file and line of each input row, for readers that know them (see <see cref="Quarantine.RowLines"/>).</summary>
    public Quarantine.RowLines RowLines { get; } = new();

    /// <summary>Rows rejected by readers and transforms, with their reasons.</summary>
    public QuarantineCollector Quarantine { get; }

    /// <summary>The allocator for Arrow buffers built during the run; counts live and peak bytes so leaks show.</summary>
    public TrackingAllocator Allocator { get; } = new();

    /// <summary>Disposes the quarantine and deletes the spill folder.</summary>
    public void Dispose()
    {
        try { Quarantine.Dispose(); }
        finally
        {
            if (_spill.IsValueCreated) _spill.Value.Dispose();
        }
    }
}
