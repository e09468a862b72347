namespace Pipeline.Databases.AdoNet;

/// <summary>When database sources cut a batch: at <see cref="Rows"/> rows or once the batch holds about
/// <see cref="Bytes"/> bytes, whichever comes first, so wide text columns cannot make one oversized batch.</summary>
/// <param name="Rows">Most rows per batch (the run's <c>batch_size</c>).</param>
/// <param name="Bytes">Approximate most bytes per batch.</param>
public sealed record BatchLimits(int Rows, long Bytes)
{
    /// <summary>Default byte bound: 64 MiB.</summary>
    public const long DefaultBytes = 64L << 20;

    /// <summary>Limits for a run: its batch size and the default byte bound.</summary>
    public static BatchLimits For(Core.Execution.PipelineContext context) => new(Math.Max(1, context.Options.BatchSize), DefaultBytes);
}
