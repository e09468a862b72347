using System.Net;

namespace Pipeline.Server.Tests;

/// <summary>A bounded load on loopback: many concurrent requests to the run endpoints, twice, with no error and no
/// memory kept from one round to the next. (Throughput is measured in benchmarks, `serve-load`, not here.)</summary>
[Collection(HeapCollection.Name)]
public sealed class LoadTests
{
    private const int Requests = 2000;
    private const int Concurrency = 16;

    [Fact]
    public async Task Two_rounds_of_2000_requests_16_at_a_time_all_succeed_and_the_second_keeps_no_more_memory()
    {
        await using var served = await ServedInstance.StartAsync();
        await served.UploadAsync("small.csv", TestData.Csv(500));
        var id = await served.SubmitOkAsync("source: datasets/small.csv\nprofile: true\nsinks: [out.csv]\n");
        await served.WaitAsync(id);
        string[] paths = [$"/runs/{id}", $"/runs/{id}/results", "/runs", $"/runs/{id}/output/out.csv"];

        async Task<int> RoundAsync()
        {
            int next = -1, failures = 0;
            var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Requests)
                {
                    using var response = await served.Client.GetAsync(paths[i % paths.Length]);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
                }
            });
            await Task.WhenAll(workers);
            return failures;
        }

        Assert.Equal(0, await RoundAsync());
        long afterFirst = SettledHeap();
        Assert.Equal(0, await RoundAsync());
        long afterSecond = SettledHeap();
        // The server runs in this process: its managed heap after a full collection must not grow with the requests
        // served (a leak of even 1 KiB a request would add 2 MB).
        Assert.True(afterSecond - afterFirst < 1_500_000, $"heap grew from {afterFirst:N0} to {afterSecond:N0} bytes over {Requests} requests");
    }

    private static long SettledHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>Tests that measure this process's heap run alone: another test's server would allocate beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapCollection
{
    public const string Name = "heap measured";
}
