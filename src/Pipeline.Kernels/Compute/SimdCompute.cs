using Pipeline.Kernels.Aggregates;

namespace Pipeline.Kernels.Compute;

/// <summary>The CPU path: the vectorised kernels of <see cref="Aggregates"/>. Always available, thread-safe.</summary>
public sealed class SimdCompute : IColumnCompute
{
    /// <summary>The one instance.</summary>
    public static SimdCompute Instance { get; } = new();

    private SimdCompute() { }

    /// <inheritdoc />
    public string Name => "simd";

    /// <inheritdoc />
    public MomentState Moments(ReadOnlySpan<double> values)
    {
        var state = new MomentState();
        state.AddRange(values);
        return state;
    }

    /// <inheritdoc />
    public void Histogram(ReadOnlySpan<double> values, double min, double max, Span<long> counts) =>
        Aggregates.Histogram.Accumulate(values, min, max, counts);

    /// <inheritdoc />
    public void CoMoments(IReadOnlyList<double[]> columns, int rows, Span<CoMomentState> pairs)
    {
        int k = columns.Count;
        if (pairs.Length < k * k) throw new ArgumentException($"{k * k} pair slots are needed, {pairs.Length} given.", nameof(pairs));
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++)
                pairs[a * k + b] = Aggregates.CoMoments.Compute(columns[a].AsSpan(0, rows), columns[b].AsSpan(0, rows));
    }
}
