using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Pipeline.Accelerators;
using Pipeline.Core.Streams;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Compute;

namespace Pipeline.Benchmarks.Gpu;

/// <summary>
/// <c>gpu --rows N</c>: the three ILGPU kernels (moments, histogram, co-moment matrix) against the SIMD path on the
/// same in-memory columns, every GPU time including the host-to-device copy, then the whole profile of the same table
/// with the GPU off and on. Prints a Markdown table; exits 0 with a note when no GPU is present.
/// </summary>
internal static class GpuCompare
{
    private const int Columns = 8;

    public static async Task<int> RunAsync(long rows, int runs, TextWriter output)
    {
        int n = checked((int)rows);
        var columns = MakeColumns(n);
        IlgpuCompute? found;
        try { found = IlgpuCompute.TryCreateGpu(); }
        catch (Exception ex)
        {
            await output.WriteLineAsync($"the GPU could not be started: {ex}").ConfigureAwait(false);
            return 1;
        }
        using var gpu = found;
        if (gpu is null)
        {
            await output.WriteLineAsync("no CUDA or OpenCL GPU found: nothing to compare").ConfigureAwait(false);
            return 0;
        }
        await output.WriteLineAsync($"## GPU kernels, {n:N0} rows x {Columns} double columns, device {gpu.Name}, {Environment.ProcessorCount} CPU cores, best of {runs}").ConfigureAwait(false);

        IColumnCompute cpu = SimdCompute.Instance;
        // Warm-up: JIT and ILGPU kernel compilation are one-off costs, not per-batch ones.
        gpu.Moments(columns[0].AsSpan(0, 1000)); gpu.Histogram(columns[0].AsSpan(0, 1000), -10, 10, new long[8]);
        gpu.CoMoments(columns, 1000, new CoMomentState[Columns * Columns]);

        // The agreement line goes before the table so the Markdown table stays one block.
        await output.WriteLineAsync(Agreement(cpu, gpu, columns, n)).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("| kernel | SIMD 1 core (s) | SIMD all cores (s) | GPU incl. copy (s) | GPU vs all cores |").ConfigureAwait(false);
        await output.WriteLineAsync("|---|---|---|---|---|").ConfigureAwait(false);
        await Row("moments (8 columns)", () => { foreach (var c in columns) cpu.Moments(c); },
            () => Parallel.ForEach(columns, c => cpu.Moments(c)), () => { foreach (var c in columns) gpu.Moments(c); }).ConfigureAwait(false);
        await Row("histogram 64 bins (8 columns)", () => { foreach (var c in columns) cpu.Histogram(c, -10, 10, new long[64]); },
            () => Parallel.ForEach(columns, c => cpu.Histogram(c, -10, 10, new long[64])),
            () => { foreach (var c in columns) gpu.Histogram(c, -10, 10, new long[64]); }).ConfigureAwait(false);
        await Row("co-moment matrix (28 pairs)", () => cpu.CoMoments(columns, n, new CoMomentState[Columns * Columns]),
            () => ParallelCoMoments(columns, n), () => gpu.CoMoments(columns, n, new CoMomentState[Columns * Columns])).ConfigureAwait(false);

        // The whole profile, 65,536-row batches: the GPU pays a copy and a launch per batch.
        var source = new ColumnsSource(columns, n, 65_536);
        double off = await TimeProfile(source, null, runs).ConfigureAwait(false);
        double on = await TimeProfile(source, gpu, runs).ConfigureAwait(false);
        await output.WriteLineAsync($"| profile, GPU off / on (every batch to the GPU) | | {off:0.###} | {on:0.###} | {off / on:0.00}x |").ConfigureAwait(false);
        return 0;

        async Task Row(string name, Action single, Action parallel, Action device)
        {
            double s = Best(single, runs), p = Best(parallel, runs), g = Best(device, runs);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s:0.####} | {p:0.####} | {g:0.####} | {p / g:0.00}x |")).ConfigureAwait(false);
        }
    }

    /// <summary>The GPU's answers against the SIMD path on the full columns: the check that the kernels are right on
    /// real hardware, not only on ILGPU's CPU accelerator.</summary>
    private static string Agreement(IColumnCompute cpu, IColumnCompute gpu, double[][] columns, int n)
    {
        double moments = 0;
        bool histogramsEqual = true;
        bool countsEqual = true;
        foreach (var c in columns)
        {
            var a = cpu.Moments(c);
            var b = gpu.Moments(c);
            countsEqual &= a.Count == b.Count && a.NaN == b.NaN && a.Min == b.Min && a.Max == b.Max;
            foreach (var (x, y) in new[] { (a.Mean, b.Mean), (a.Variance, b.Variance), (a.Skewness, b.Skewness), (a.Kurtosis, b.Kurtosis) })
                moments = Math.Max(moments, Math.Abs(x - y) / Math.Max(1e-300, Math.Abs(x)));
            var h1 = new long[64];
            var h2 = new long[64];
            cpu.Histogram(c, -10, 10, h1);
            gpu.Histogram(c, -10, 10, h2);
            histogramsEqual &= h1.AsSpan().SequenceEqual(h2);
        }
        var p1 = new CoMomentState[Columns * Columns];
        var p2 = new CoMomentState[Columns * Columns];
        cpu.CoMoments(columns, n, p1);
        gpu.CoMoments(columns, n, p2);
        double correlation = 0;
        bool pairCounts = true;
        for (int i = 0; i < p1.Length; i++)
        {
            pairCounts &= p1[i].N == p2[i].N;
            if (p1[i].N > 1) correlation = Math.Max(correlation, Math.Abs(p1[i].Correlation - p2[i].Correlation));
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"agreement with SIMD: counts/min/max equal {countsEqual}, moments max relative difference {moments:E2}, " +
            $"histograms identical {histogramsEqual}, pair counts equal {pairCounts}, correlations max difference {correlation:E2}\n");
    }

    private static void ParallelCoMoments(double[][] columns, int n)
    {
        var pairs = new List<(int, int)>();
        for (int a = 0; a < Columns; a++) for (int b = a + 1; b < Columns; b++) pairs.Add((a, b));
        Parallel.ForEach(pairs, p => CoMoments.Compute(columns[p.Item1].AsSpan(0, n), columns[p.Item2].AsSpan(0, n)));
    }

    private static async Task<double> TimeProfile(ISource source, IColumnCompute? gpu, int runs)
    {
        long threshold = ComputeBackends.MinGpuElements;
        ComputeBackends.RegisterGpu(() => gpu);
        ComputeBackends.MinGpuElements = gpu is null ? long.MaxValue : 0;
        try
        {
            double best = double.MaxValue;
            for (int r = 0; r < runs; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                await Profiler.ProfileAsync(source).ConfigureAwait(false);
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            return best;
        }
        finally
        {
            ComputeBackends.MinGpuElements = threshold;
            ComputeBackends.RegisterGpu(() => null);
        }
    }

    private static double Best(Action action, int runs)
    {
        double best = double.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        return best;
    }

    private static double[][] MakeColumns(int n)
    {
        var random = new Random(42);
        var columns = new double[Columns][];
        for (int c = 0; c < Columns; c++) columns[c] = new double[n];
        for (int i = 0; i < n; i++)
        {
            double shared = random.NextDouble() * 4 - 2;
            for (int c = 0; c < Columns; c++) columns[c][i] = shared * (c % 3) + random.NextDouble() * 6 - 3 + (i % 1000 == 0 ? double.NaN : 0);
        }
        return columns;
    }

    /// <summary>Builds fresh 65,536-row batches from the columns on every open (the runner disposes what it reads).</summary>
    private sealed class ColumnsSource(double[][] columns, int n, int batchRows) : ISource
    {
        public string Format => "memory";
        public IReadOnlyList<string> Files => [];

        public Apache.Arrow.Ipc.IArrowArrayStream Open(Pipeline.Core.Execution.PipelineContext context)
        {
            var builder = new Schema.Builder();
            for (int c = 0; c < columns.Length; c++) builder.Field(f => f.Name($"x{c}").DataType(Apache.Arrow.Types.DoubleType.Default).Nullable(false));
            var schema = builder.Build();
            return Pipeline.Core.Streams.BatchStream.From(schema, Batches(schema));
        }

        private IEnumerable<RecordBatch> Batches(Schema schema)
        {
            for (int start = 0; start < n; start += batchRows)
            {
                int length = Math.Min(batchRows, n - start);
                var arrays = columns.Select(c => (IArrowArray)new DoubleArray.Builder().AppendRange(c.AsSpan(start, length).ToArray()).Build()).ToList();
                yield return new RecordBatch(schema, arrays, length);
            }
        }
    }
}
