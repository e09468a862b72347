using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using Pipeline.Accelerators.Kernels;
using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Compute;

namespace Pipeline.Accelerators;

/// <summary>
/// <see cref="IColumnCompute"/> on an ILGPU accelerator: a CUDA or OpenCL GPU in production, ILGPU's CPU accelerator
/// in tests (a correctness reference, not a fast path). Kernels are grid-stride loops over a bounded number of
/// threads, each writing one partial state that the host merges in thread order, so results are deterministic for a
/// given device and agree with <see cref="SimdCompute"/> up to floating-point rounding (histograms exactly).
/// </summary>
/// <remarks>One accelerator stream serves every caller, so calls are serialised by a lock; device buffers are reused
/// across calls and grow as needed.</remarks>
public sealed class IlgpuCompute : IColumnCompute, IDisposable
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly int _maxThreads;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<long>, double, double, double, int> _histogram;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, int> _moments;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, int, int> _coMoments;
    private readonly Lock _gate = new();
    private MemoryBuffer1D<double, Stride1D.Dense>? _input, _partials;
    private MemoryBuffer1D<long, Stride1D.Dense>? _bins;
    private MemoryBuffer1D<int, Stride1D.Dense>? _pairA, _pairB;

    private IlgpuCompute(Context context, Device device, int maxThreads)
    {
        _context = context;
        _accelerator = device.CreateAccelerator(context);
        _maxThreads = maxThreads;
        _histogram = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<long>, double, double, double, int>(HistogramKernel.Run);
        _moments = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, int>(MomentsKernel.Run);
        _coMoments = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, int, int>(CoMomentKernel.Run);
    }

    /// <summary>The first CUDA or OpenCL GPU, or null when the machine has none (or no usable driver).</summary>
    public static IlgpuCompute? TryCreateGpu()
    {
        var context = Context.Create(builder => builder.Default());
        try
        {
            var device = context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda)
                         ?? context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.OpenCL);
            if (device is null) { context.Dispose(); return null; }
            // Enough threads to fill the device several times over; each still folds many values.
            int threads = Math.Max(1024, device.NumMultiprocessors * device.MaxNumThreadsPerMultiprocessor * 2);
            return new IlgpuCompute(context, device, threads);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>ILGPU's CPU accelerator, for tests on machines without a GPU.</summary>
    public static IlgpuCompute CreateCpu()
    {
        var context = Context.Create(builder => builder.CPU());
        // Few threads: on the CPU accelerator each logical thread is costly, and grid-stride loops keep the work.
        return new IlgpuCompute(context, context.GetCPUDevice(0), 32);
    }

    /// <inheritdoc />
    public string Name => $"{_accelerator.AcceleratorType.ToString().ToLowerInvariant()}:{_accelerator.Name}";

    /// <summary>True when this runs on a GPU rather than ILGPU's CPU accelerator.</summary>
    public bool IsGpu => _accelerator.AcceleratorType != AcceleratorType.CPU;

    /// <summary>Threads for <paramref name="work"/> values: about 64 values each, at most the device's budget.</summary>
    private int ThreadsFor(long work) => (int)Math.Clamp(work / 64, 1, _maxThreads);

    /// <inheritdoc />
    public MomentState Moments(ReadOnlySpan<double> values)
    {
        var state = new MomentState();
        if (values.IsEmpty) return state;
        int threads = ThreadsFor(values.Length);
        var partials = new double[threads * MomentsKernel.Stride];
        lock (_gate)
        {
            var input = Upload(ref _input, values);
            var output = Ensure(ref _partials, partials.Length);
            _moments(threads, input, output, threads);
            output.SubView(0, partials.Length).CopyToCPU(ref partials[0], partials.Length);
        }
        for (int t = 0; t < threads; t++)
        {
            int o = t * MomentsKernel.Stride;
            var part = new MomentState
            {
                Count = (long)partials[o], Mean = partials[o + 1], M2 = partials[o + 2], M3 = partials[o + 3], M4 = partials[o + 4],
                Sum = partials[o + 5], Min = partials[o + 6], Max = partials[o + 7], Zeros = (long)partials[o + 8],
                Negatives = (long)partials[o + 9], PositiveInfinity = (long)partials[o + 10], NegativeInfinity = (long)partials[o + 11],
                NaN = (long)partials[o + 12],
            };
            state.Merge(in part);
        }
        return state;
    }

    /// <inheritdoc />
    public void Histogram(ReadOnlySpan<double> values, double min, double max, Span<long> counts)
    {
        if (counts.IsEmpty) throw new ArgumentException("At least one bin is needed.", nameof(counts));
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"Histogram range [{min}, {max}] must be finite and ordered.", nameof(min));
        if (values.IsEmpty) return;
        double scale = max > min ? counts.Length / (max - min) : 0;
        int threads = ThreadsFor(values.Length);
        var result = new long[counts.Length];
        lock (_gate)
        {
            var input = Upload(ref _input, values);
            var bins = Ensure(ref _bins, counts.Length);
            bins.MemSetToZero();
            _histogram(threads, input, bins, min, max, scale, threads);
            bins.CopyToCPU(ref result[0], result.Length);
        }
        for (int i = 0; i < counts.Length; i++) counts[i] += result[i];
    }

    /// <inheritdoc />
    public void CoMoments(IReadOnlyList<double[]> columns, int rows, Span<CoMomentState> pairs)
    {
        int k = columns.Count;
        if (pairs.Length < k * k) throw new ArgumentException($"{k * k} pair slots are needed, {pairs.Length} given.", nameof(pairs));
        int pairCount = k * (k - 1) / 2;
        if (pairCount == 0 || rows == 0) return;
        var a = new int[pairCount];
        var b = new int[pairCount];
        for (int i = 0, p = 0; i < k; i++)
            for (int j = i + 1; j < k; j++, p++) { a[p] = i; b[p] = j; }
        int threadsPerPair = Math.Max(1, ThreadsFor((long)rows * pairCount) / pairCount);
        int launch = threadsPerPair * pairCount;
        var partials = new double[launch * CoMomentKernel.Stride];
        lock (_gate)
        {
            var matrix = Ensure(ref _input, (long)k * rows);
            for (int c = 0; c < k; c++) matrix.SubView((long)c * rows, rows).CopyFromCPU(ref columns[c][0], rows);
            var viewA = Ensure(ref _pairA, pairCount);
            var viewB = Ensure(ref _pairB, pairCount);
            viewA.CopyFromCPU(ref a[0], pairCount);
            viewB.CopyFromCPU(ref b[0], pairCount);
            var output = Ensure(ref _partials, partials.Length);
            _coMoments(launch, matrix, viewA, viewB, output, rows, threadsPerPair);
            output.SubView(0, partials.Length).CopyToCPU(ref partials[0], partials.Length);
        }
        for (int p = 0; p < pairCount; p++)
        {
            var state = new CoMomentState();
            for (int t = 0; t < threadsPerPair; t++)
            {
                int o = (p * threadsPerPair + t) * CoMomentKernel.Stride;
                var part = new CoMomentState
                {
                    N = (long)partials[o], MeanX = partials[o + 1], MeanY = partials[o + 2],
                    M2X = partials[o + 3], M2Y = partials[o + 4], C = partials[o + 5],
                };
                state.Merge(in part);
            }
            pairs[a[p] * k + b[p]] = state;
        }
    }

    private ArrayView<double> Upload(ref MemoryBuffer1D<double, Stride1D.Dense>? buffer, ReadOnlySpan<double> values)
    {
        var view = Ensure(ref buffer, values.Length);
        view.CopyFromCPU(ref MemoryMarshal.GetReference(values), values.Length);
        return view;
    }

    /// <summary>A view of exactly <paramref name="length"/> elements over a reused buffer, grown (doubling) when short.</summary>
    private ArrayView<T> Ensure<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length) where T : unmanaged
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = _accelerator.Allocate1D<T>(Math.Max(length, (buffer?.Length ?? 0) * 2));
        }
        return buffer.View.SubView(0, length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _input?.Dispose();
        _partials?.Dispose();
        _bins?.Dispose();
        _pairA?.Dispose();
        _pairB?.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }
}
