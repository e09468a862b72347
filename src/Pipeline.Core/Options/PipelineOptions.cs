namespace Pipeline.Core.Options;

/// <summary>
/// Every engine setting in one immutable record, each with a documented default. Bound from the spec's
/// <c>options:</c> block, CLI flags and <c>PIPELINE_*</c> environment variables (later sources win).
/// </summary>
public sealed record PipelineOptions
{
    /// <summary>Target rows per record batch produced by readers. Default: 65,536 (large enough to amortise per-batch
    /// overhead, small enough that one batch of a wide table stays in the CPU's last-level cache budget per worker),
    /// or 16,384 when <see cref="MemoryLimit"/> is under <see cref="SmallBudget"/>: the runner keeps 2 × parallelism
    /// + 2 batches in flight, and 64k-row batches of a wide table would alone outweigh a 128 MiB budget. A value set
    /// explicitly (spec, flag, environment, code) is used as given. The same policy holds at every door (CLI, spec,
    /// .NET) because it lives here.</summary>
    public int BatchSize
    {
        get => _batchSize ?? (MemoryLimit < SmallBudget ? SmallBudgetBatchSize : DefaultBatchSize);
        init => _batchSize = value;
    }

    private readonly int? _batchSize;

    /// <summary>The batch size when none is set and the budget is not small.</summary>
    public const int DefaultBatchSize = 65_536;

    /// <summary>The batch size when none is set and the budget is under <see cref="SmallBudget"/>.</summary>
    public const int SmallBudgetBatchSize = 16_384;

    /// <summary>Memory limits below this (512 MiB) get <see cref="SmallBudgetBatchSize"/>-row batches by default.</summary>
    public const long SmallBudget = 512L << 20;

    /// <summary>Whether native libraries (the Parquet writer) should allocate with a pool that gives memory back soon
    /// (jemalloc) rather than the fastest one (mimalloc, which keeps freed pages resident): true under
    /// <see cref="SmallBudget"/>, where a few hundred MB of retained native pages would dwarf the budget; above it the
    /// faster pool wins (about 20% less CPU writing Parquet, measured in docs/reliability.md).</summary>
    public bool CompactNativeMemory => MemoryLimit < SmallBudget;

    /// <summary>Whether <see cref="BatchSize"/> was set explicitly rather than derived from the memory limit.</summary>
    public bool BatchSizeIsExplicit => _batchSize is not null;

    /// <summary>The GC heap hard limit a host that owns its process should set for this budget (see
    /// <see cref="Memory.ManagedHeapLimit"/>): the limit plus the headroom in-flight batches and analyzer states need.</summary>
    public long ProcessHeapLimit => Memory.ManagedHeapLimit.For(MemoryLimit);

    /// <summary>Workers that run per-batch work. Default: the number of logical processors.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory budget in bytes for operators that buffer data. Default: half of the memory available to the process.</summary>
    public long MemoryLimit { get; init; } = DefaultMemoryLimit();

    /// <summary>Where spill files go. Default: null, meaning the run folder (or the system temp folder when there is none).</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>Rows sampled by readers to infer column types before streaming. Default 10,000.</summary>
    public int InferenceSampleRows { get; init; } = 10_000;

    /// <summary>Most columns a reader accepts (<c>--max-columns</c>). Default 10,000: far more than tables hold, far
    /// fewer than the 20,000-column or key-per-row inputs that would exhaust memory in per-column state. A wider input
    /// is bad input (exit 2) naming the file and line.</summary>
    public int MaxColumns { get; init; } = 10_000;

    /// <summary>What a reader does when a later row disagrees with the sniffed type. Default: widen the column.</summary>
    public TypeMismatchPolicy TypeMismatch { get; init; } = TypeMismatchPolicy.Widen;

    /// <summary>How input files are identified in <c>results.json</c> and the history. Default:
    /// <see cref="InputHashPolicy.Auto"/> (full SHA-256 up to <see cref="FullHashLimit"/>, a fingerprint above).</summary>
    public InputHashPolicy InputHash { get; init; } = InputHashPolicy.Auto;

    /// <summary>The largest file <see cref="InputHashPolicy.Auto"/> hashes in full (64 MiB: about 0.05 s of SHA-256 on
    /// one core, small beside reading such a file; a 364 MB Parquet file took 0.3 to 0.55 CPU seconds, half a run).</summary>
    public const long FullHashLimit = 64L << 20;

    /// <summary>What <see cref="InputHash"/> means for a file of <paramref name="bytes"/> bytes: never
    /// <see cref="InputHashPolicy.Auto"/>.</summary>
    public InputHashPolicy InputHashFor(long bytes)
        => InputHash != InputHashPolicy.Auto ? InputHash : bytes <= FullHashLimit ? InputHashPolicy.Sha256 : InputHashPolicy.Fingerprint;

    /// <summary>Environment variable prefix read by <see cref="WithEnvironment"/>.</summary>
    public const string EnvironmentPrefix = "PIPELINE_";

    /// <summary>Returns a copy with values taken from <c>PIPELINE_BATCH_SIZE</c>, <c>PIPELINE_PARALLELISM</c>,
    /// <c>PIPELINE_MEMORY_LIMIT</c> and <c>PIPELINE_SPILL_DIR</c> where those are set.</summary>
    public PipelineOptions WithEnvironment()
    {
        var result = this;
        if (TryInt("BATCH_SIZE") is { } batch) result = result with { BatchSize = batch };
        if (TryInt("PARALLELISM") is { } dop) result = result with { MaxDegreeOfParallelism = dop };
        if (Environment.GetEnvironmentVariable(EnvironmentPrefix + "MEMORY_LIMIT") is { Length: > 0 } mem)
            result = result with { MemoryLimit = ByteSize.Parse(mem) };
        if (Environment.GetEnvironmentVariable(EnvironmentPrefix + "SPILL_DIR") is { Length: > 0 } dir)
            result = result with { SpillDirectory = dir };
        return result;

        static int? TryInt(string name)
            => int.TryParse(Environment.GetEnvironmentVariable(EnvironmentPrefix + name), out var v) && v > 0 ? v : null;
    }

    /// <summary>Checks the values and throws a <see cref="Errors.PipelineException"/> naming the bad setting.</summary>
    public PipelineOptions Validate()
    {
        if (BatchSize < 1) throw Bad("batch_size", BatchSize);
        if (MaxDegreeOfParallelism < 1) throw Bad("parallelism", MaxDegreeOfParallelism);
        if (MemoryLimit < 1 << 20) throw Bad("memory_limit", MemoryLimit);
        if (InferenceSampleRows < 1) throw Bad("inference_sample_rows", InferenceSampleRows);
        if (MaxColumns < 1) throw Bad("max_columns", MaxColumns);
        return this;

        static Errors.PipelineException Bad(string name, long value)
            => new(Errors.PipelineErrorKind.InvalidInput, $"option {name}: {value} is out of range");
    }

    private static long DefaultMemoryLimit()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return available > 0 ? available / 2 : 1L << 30;
    }
}
