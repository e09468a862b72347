using System.Text.Json;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Engine.Partitioned;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;
using Pipeline.IO.Partitions;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Partitioned;

/// <summary>
/// Run states of partitions merge into what one run writes: row counts, every rule's outcome (uniqueness across
/// partitions, table aggregates, examples numbered in the whole input), status, quality, and the profile; merging is
/// associative and commutative (random merge trees give the same bytes); damaged, foreign or overlapping states are
/// refused clearly.
/// </summary>
public class RunStateMergeTests
{
    private const string Rules = """
        rules:
          - {name: amount_positive, column: amount, greater_than: 0}
          - {name: id_unique, column: id, unique: true}
          - {name: name_unique, column: name, unique: true, severity: warn}
          - {name: pair_unique, unique_together: [name, id], severity: warn}
          - {name: mean_amount, column: amount, mean_between: [0, 40]}
          - {name: p90, column: amount, quantile_between: [0, 45], quantile: 0.9}
          - {name: sum_amount, column: amount, sum_between: [0, 1000000]}
          - {name: distinct_names, column: name, distinct_count_between: [1, 3]}
          - {name: rows, row_count_between: [1, 100000]}
          - {name: has_amount, column: amount, column_exists: true}
        """;

    private static string WriteCsv(TempDirectory dir)
    {
        var random = new Random(2212);
        var text = new System.Text.StringBuilder("id,name,amount\n");
        for (int i = 0; i < 3000; i++)
        {
            string name = random.Next(5) switch { 0 => "\"two\nlines\"", 1 => "\"a, b\"", 2 => "c", 3 => "d", _ => "e" + (i % 3) };
            string amount = i % 41 == 0 ? "" : (random.NextDouble() * 50 - 5).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            text.Append(i % 2500).Append(',').Append(name).Append(',').Append(amount).Append('\n');
        }
        return dir.WriteText("in.csv", text.ToString());
    }

    private static async Task<(RunResults Results, PartitionState? State)> RunAsync(string csv, InputPartition? partition, string folder, bool profile = false)
    {
        var spec = new PipelineSpec(new SourceSpec(csv, new SourceOptions { Partition = partition }), [], new PipelineOptions { MaxDegreeOfParallelism = 2 })
        {
            Rules = RulesReader.Parse(Rules, "rules.yaml"),
            Profile = profile,
        };
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = folder, Command = "validate", KeepState = true });
        Assert.True(job.Succeeded, job.Error?.Message);
        return (job.Results, job.State);
    }

    private static async Task<List<RunState>> PartitionStatesAsync(TempDirectory dir, string csv, int parts, bool profile = false)
    {
        long size = new FileInfo(csv).Length;
        var states = new List<RunState>();
        for (int i = 0; i < parts; i++)
        {
            var range = new InputPartition(PartitionUnit.Bytes, size * i / parts, size * (i + 1) / parts);
            var (_, state) = await RunAsync(csv, range, dir.File($"p{i}"), profile);
            // Through the file format, as a cluster ships it.
            states.Add(RunStateFile.FromBytes(RunStateFile.ToBytes(new RunState([state!])), $"p{i}.state"));
        }
        return states;
    }

    [Fact]
    public async Task MergedPartitionsGiveTheResultsOfOneRun()
    {
        using var dir = new TempDirectory();
        var csv = WriteCsv(dir);
        var (whole, _) = await RunAsync(csv, null, dir.File("whole"));
        var states = await PartitionStatesAsync(dir, csv, 5);
        var merged = MergedRun.Finish(states.Aggregate((a, b) => RunState.Merge(a, b))).Results!;

        Assert.Equal(whole.Rows, merged.Rows);
        Assert.Equal(whole.Status, merged.Status);
        Assert.Equal(whole.Rules.Count, merged.Rules.Count);
        foreach (var (a, b) in whole.Rules.Zip(merged.Rules))
        {
            Assert.Equal((a.Name, a.Passed, a.FailedRows), (b.Name, b.Passed, b.FailedRows));
            if (a.Observed is { } o) Assert.Equal(o, b.Observed!.Value, 1e-9 * Math.Max(1, Math.Abs(o)));
            else Assert.Null(b.Observed);
            // Row rules' failing rows, and number keys' smallest duplicates, are the same as in one run.
            if (a.Scope == "row" || a.Name == "id_unique") Assert.Equal(a.Examples, b.Examples);
        }
        // Ids 0..499 appear twice, in the first and the last fifth: no partition finds a duplicate id alone, the merge does.
        Assert.True(merged.Rules.Single(r => r.Name == "id_unique").FailedRows > 300);
        foreach (var state in states)
            Assert.Equal(0, MergedRun.Finish(state).Results!.Rules.Single(r => r.Name == "id_unique").FailedRows);
        Assert.Equal(JsonSerializer.Serialize(whole.Quality, ResultsJson.Options), JsonSerializer.Serialize(merged.Quality, ResultsJson.Options));
    }

    [Fact]
    public async Task AnyTreeOfMergesInAnyOrderGivesTheSameBytes()
    {
        using var dir = new TempDirectory();
        var csv = WriteCsv(dir);
        var states = await PartitionStatesAsync(dir, csv, 6, profile: true);
        var flat = states.Aggregate((a, b) => RunState.Merge(a, b));
        var expected = RunStateFile.ToBytes(flat);
        var expectedRun = MergedRun.Finish(flat);
        var random = new Random(6);
        for (int trial = 0; trial < 12; trial++)
        {
            // A random binary tree: repeatedly merge two random nodes, either way round.
            var nodes = states.OrderBy(_ => random.Next()).ToList();
            while (nodes.Count > 1)
            {
                int i = random.Next(nodes.Count), j = random.Next(nodes.Count - 1);
                if (j >= i) j++;
                var merged = random.Next(2) == 0 ? RunState.Merge(nodes[i], nodes[j]) : RunState.Merge(nodes[j], nodes[i]);
                nodes.RemoveAt(Math.Max(i, j));
                nodes.RemoveAt(Math.Min(i, j));
                nodes.Add(RunStateFile.FromBytes(RunStateFile.ToBytes(merged), "node.state"));
            }
            Assert.Equal(expected, RunStateFile.ToBytes(nodes[0]));
            var run = MergedRun.Finish(nodes[0]);
            Assert.Equal(Comparable(expectedRun.Results!), Comparable(run.Results!));
            Assert.Equal(JsonSerializer.Serialize(expectedRun.Profile, ResultsJson.Options), JsonSerializer.Serialize(run.Profile, ResultsJson.Options));
        }
    }

    [Fact]
    public async Task OverlappingForeignAndDamagedStatesAreRefusedClearly()
    {
        using var dir = new TempDirectory();
        var csv = WriteCsv(dir);
        var states = await PartitionStatesAsync(dir, csv, 2);
        var twice = Assert.Throws<PipelineException>(() => RunState.Merge(states[0], states[0], "a.state", "b.state"));
        Assert.Contains("overlaps", twice.Message);

        var other = dir.WriteText("other.csv", "id,name,amount\n1,x,2\n");
        var spec = new PipelineSpec(new SourceSpec(other, new SourceOptions()), [], new PipelineOptions()) { Rules = RulesReader.Parse("rules:\n  - {name: only, column: id, not_null: true}\n", "r.yaml") };
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("other"), Command = "validate", KeepState = true });
        var foreign = Assert.Throws<PipelineException>(() => RunState.Merge(states[0], new RunState([job.State!]), "a.state", "other.state"));
        Assert.Contains("other rules", foreign.Message);

        var notAState = Assert.Throws<PipelineException>(() => RunStateFile.FromBytes("id,name\n1,2\n"u8.ToArray(), "data.csv"));
        Assert.Equal(PipelineErrorKind.InvalidInput, notAState.Kind);
        Assert.Contains("not a Pipeline run state", notAState.Message);

        var original = RunStateFile.ToBytes(states[1]);
        var random = new Random(12);
        int refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])original.Clone();
            switch (trial % 3)
            {
                case 0: bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                default: BitConverter.TryWriteBytes(bytes.AsSpan(random.Next(bytes.Length - 4), 4), int.MaxValue - random.Next(100)); break;
            }
            try
            {
                _ = MergedRun.Finish(RunStateFile.FromBytes(bytes, "damaged.state"), "damaged.state");
            }
            catch (PipelineException ex)
            {
                Assert.Contains("damaged.state", ex.Message);
                refused++;
            }
        }
        Assert.True(refused > 100, $"only {refused} of 300 damaged states were refused");
    }

    private static string Comparable(RunResults r) => JsonSerializer.Serialize(r with { FinishedAt = DateTimeOffset.UnixEpoch }, ResultsJson.Options);
}
