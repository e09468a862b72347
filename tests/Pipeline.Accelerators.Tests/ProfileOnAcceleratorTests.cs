using Pipeline.Engine.Analyze.Profile;
using Pipeline.Kernels.Compute;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Accelerators.Tests;

/// <summary>The profile routed through the ILGPU backend (CPU accelerator standing in for a GPU) gives the same
/// moments and correlations as the SIMD path, and the selection policy honours its threshold.</summary>
[Collection(nameof(BackendRegistrationCollection))]
public sealed class ProfileOnAcceleratorTests(CpuAcceleratorFixture fixture) : IClassFixture<CpuAcceleratorFixture>
{
    [Fact]
    public async Task Diamonds_profile_is_the_same_through_the_accelerator()
    {
        var path = Corpus.Path("seaborn-data/diamonds.csv");
        long threshold = ComputeBackends.MinGpuElements;
        ComputeBackends.RegisterGpu(() => null);
        var cpu = await FileProfiler.ProfileAsync(path);
        try
        {
            ComputeBackends.RegisterGpu(() => fixture.Compute);
            ComputeBackends.MinGpuElements = 0;
            ComputeBackends.MaxCoresForGpu = int.MaxValue;
            var accelerated = await FileProfiler.ProfileAsync(path);
            foreach (var (c, a) in cpu.Columns.Zip(accelerated.Columns))
            {
                Assert.Equal(c.Count, a.Count);
                AssertClose(c.Mean, a.Mean);
                AssertClose(c.Stddev, a.Stddev);
                Assert.Equal(c.Min?.ToString(), a.Min?.ToString());
            }
            var pearson = cpu.Correlations.Where(x => x.Method == "pearson").ToList();
            Assert.NotEmpty(pearson);
            foreach (var corr in pearson)
            {
                var match = accelerated.Correlations.Single(x => x.Method == "pearson" && x.A == corr.A && x.B == corr.B);
                Assert.Equal(corr.Rows, match.Rows);
                Assert.Equal(corr.Value, match.Value, 9);
            }
        }
        finally
        {
            ComputeBackends.MinGpuElements = threshold;
            ComputeBackends.MaxCoresForGpu = 8;
            ComputeBackends.RegisterGpu(() => null);
        }
    }

    [Fact]
    public void Small_workloads_stay_on_the_cpu_and_a_missing_gpu_falls_back()
    {
        long threshold = ComputeBackends.MinGpuElements;
        try
        {
            ComputeBackends.RegisterGpu(() => fixture.Compute);
            ComputeBackends.MinGpuElements = 1000;
            ComputeBackends.MaxCoresForGpu = int.MaxValue;
            Assert.Same(SimdCompute.Instance, ComputeBackends.For(999));
            Assert.Same(fixture.Compute, ComputeBackends.For(1000));
            ComputeBackends.MaxCoresForGpu = 1; // a host with many cores keeps the work (measured faster there)
            Assert.Same(SimdCompute.Instance, ComputeBackends.For(1_000_000));
            ComputeBackends.MaxCoresForGpu = int.MaxValue;
            ComputeBackends.RegisterGpu(() => throw new InvalidOperationException("no driver"));
            Assert.Same(SimdCompute.Instance, ComputeBackends.For(1_000_000));
        }
        finally
        {
            ComputeBackends.MinGpuElements = threshold;
            ComputeBackends.MaxCoresForGpu = 8;
            ComputeBackends.RegisterGpu(() => null);
        }
    }

    private static void AssertClose(double? expected, double? actual)
    {
        if (expected is null) { Assert.Null(actual); return; }
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected.Value - actual.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected.Value)), $"expected {expected:R}, got {actual:R}");
    }
}

/// <summary>Tests that change the process-wide backend registration run one at a time.</summary>
[CollectionDefinition(nameof(BackendRegistrationCollection), DisableParallelization = true)]
public sealed class BackendRegistrationCollection;
