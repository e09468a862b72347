using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Expressions;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;
using Pipeline.Kernels.Arrays;

namespace Pipeline.Fuzz;

/// <summary>
/// The fuzz targets: each reads one input completely the way a run would and returns normally when the input was
/// read or refused with a clear error (<see cref="PipelineException"/>, a restart that still fails, an
/// <see cref="ExpressionException"/>, an expression's documented runtime error). Anything else escapes: that is a
/// finding. afl-fuzz drives them through <c>Program</c>; <c>FuzzSmokeTests</c> runs them in process over the seeds
/// and past findings, so the two can never disagree on what counts as a crash.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The target names, as <c>fuzz.sh</c> and the seed folders spell them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["csv", "jsonl", "json", "excel", "avro", "fixed", "compressed", "arrow", "parquet", "spec", "expr", "state", "runstate"];

    /// <summary>The layout the <c>fixed</c> target reads its inputs with.</summary>
    private static readonly IReadOnlyList<FixedWidthColumn> FixedLayout = [new("id", 1, 4), new("name", 5, 8), new("amount", 13, 6)];

    /// <summary>Runs target <paramref name="name"/> over <paramref name="input"/>.</summary>
    /// <returns>What happened to an input that did not crash: <c>read</c>, or <c>refused: message</c>.</returns>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static string Run(string name, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            switch (name)
            {
                case "csv": ReadFile(input, "csv", ".csv"); break;
                case "jsonl": ReadFile(input, "jsonl", ".jsonl"); break;
                case "json": ReadFile(input, "json", ".json"); break;
                case "excel": ReadFile(input, "excel", ".xlsx"); break;
                case "avro": ReadFile(input, "avro", ".avro"); break;
                case "fixed": ReadFile(input, "fixed", ".fwf", new SourceOptions { Format = "fixed", FixedWidth = FixedLayout }); break;
                // No format and no telling extension: the magic bytes choose the codec (gzip, zstd, bzip2, zip), then the content the format.
                // A small ratio bound keeps a bomb from writing gigabytes before it is refused.
                case "compressed": ReadFile(input, null, "", new SourceOptions { Decompression = new() { MaxRatio = 200, FloorBytes = 1 << 20, MaxBytes = 64L << 20 } }); break;
                // The magic bytes choose between the file and the stream format, as detection does for a file.
                case "arrow": ReadFile(input, StartsWith(input, "ARROW1"u8) ? "arrow" : "arrows", ".arrow"); break;
                case "parquet": ReadFile(input, "parquet", ".parquet"); break;
                case "spec": SpecReader.Parse(Text(input), Path.Combine(Path.GetTempPath(), "pipeline-fuzz", "spec.yaml")); break;
                case "expr": Expression(Text(input)); break;
                case "state": State(input); break;
                case "runstate": RunState(input); break;
                default: throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", Names)})", nameof(name));
            }
            return "read";
        }
        catch (Exception ex) when (ex is PipelineException or RestartRequiredException or ExpressionException)
        {
            return "refused: " + ex.Message;
        }
    }

    private static bool StartsWith(byte[] input, ReadOnlySpan<byte> magic) => input.AsSpan().StartsWith(magic);

    // Invalid UTF-8 becomes U+FFFD, as File.ReadAllText does for a spec file.
    private static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    /// <summary>Reads the input as a file of <paramref name="format"/> through the source a run would open, with
    /// the restarts a run allows, and checks every batch it returns is valid Arrow.</summary>
    private static void ReadFile(byte[] input, string? format, string extension, SourceOptions? start = null)
    {
        // A file per call (not per process): the smoke test runs targets on several threads at once.
        var dir = Path.Combine(Path.GetTempPath(), "pipeline-fuzz", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "input" + extension);
            File.WriteAllBytes(path, input);
            var options = start ?? new SourceOptions { Format = format };
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    ReadAll(path, options, dir);
                    return;
                }
                catch (RestartRequiredException restart) when (restart is ISourceCorrection correction && attempt < 2)
                {
                    // What SpecRunner does when a late row proves the sniffed types wrong.
                    options = correction.Apply(options);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void ReadAll(string path, SourceOptions options, string dir)
    {
        // Small batches and one worker: batch boundaries are exercised on small inputs, and a run is deterministic.
        var pipelineOptions = new PipelineOptions { BatchSize = 7, MaxDegreeOfParallelism = 1, MemoryLimit = 64L << 20, SpillDirectory = dir };
        using var context = new PipelineContext(pipelineOptions);
        var source = FileFormats.OpenSource(path, options);
        using var stream = source.Open(context);
        _ = stream.Schema;
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
            {
                // What a reader hands on must be valid whatever it read: kernels and writers trust it.
                ArrayValidation.Validate(batch);
                for (int c = 0; c < batch.ColumnCount; c++) ValueToucher.Touch(batch.Column(c));
            }
        }
    }

    /// <summary>Reads the bytes as a <c>profile.state</c> (what <c>pipeline merge</c> reads from partitions), then builds
    /// the profile from it and merges it with itself: a state that reads must also report and merge.</summary>
    private static void State(byte[] input)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pipeline-fuzz", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "profile.state");
            File.WriteAllBytes(path, input);
            var profiler = Pipeline.Engine.Analyze.Profile.ProfileStateFile.Read(path);
            _ = profiler.Report();
            profiler.MergePartition(Pipeline.Engine.Analyze.Profile.ProfileStateFile.Read(path));
            _ = profiler.Report();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Reads the bytes as a run state (<c>--state FILE</c>, what <c>pipeline merge</c> and pipeline.dask
    /// combine), merges it with itself under another name and finishes it into results and profile: a state that
    /// reads must also merge and report, or be refused clearly.</summary>
    private static void RunState(byte[] input)
    {
        var state = Pipeline.Engine.Partitioned.RunStateFile.FromBytes(input, "fuzz.state");
        _ = Pipeline.Engine.Partitioned.MergedRun.Finish(state, "fuzz.state");
        var again = Pipeline.Engine.Partitioned.RunStateFile.FromBytes(Pipeline.Engine.Partitioned.RunStateFile.ToBytes(state), "again.state");
        _ = Pipeline.Engine.Partitioned.MergedRun.Finish(again);
    }

    private static void Expression(string text)
    {
        using var batch = SampleBatch.Value;
        var expression = ScalarExpression.Bind(text, batch.Schema);
        IArrowArray result;
        try
        {
            result = expression.Evaluate(batch);
        }
        catch (InvalidOperationException)
        {
            // Evaluate's documented runtime errors (overflow, a failed cast, a log of zero); derive and filter
            // turn them into a bad-input error naming the step.
            return;
        }
        using (result)
        {
            if (result.Length != batch.Length)
                throw new InvalidDataException($"'{text}' gave {result.Length} values for {batch.Length} rows");
            ArrayValidation.Validate(result.Data, "result");
            ValueToucher.Touch(result);
        }
    }

    /// <summary>A fixed batch with one column of each type expressions read, with nulls and edge values.</summary>
    private static class SampleBatch
    {
        // A new batch per call: Evaluate must not change its input, but a finding that did should not poison the rest.
        public static RecordBatch Value => Build();

        private static RecordBatch Build()
        {
            var utc = new TimestampType(TimeUnit.Microsecond, "UTC");
            var dec = new Decimal128Type(12, 2);
            var schema = new Schema.Builder()
                .Field(f => f.Name("i").DataType(Int64Type.Default))
                .Field(f => f.Name("d").DataType(DoubleType.Default))
                .Field(f => f.Name("s").DataType(StringType.Default))
                .Field(f => f.Name("b").DataType(BooleanType.Default))
                .Field(f => f.Name("dt").DataType(Date32Type.Default))
                .Field(f => f.Name("ts").DataType(utc))
                .Field(f => f.Name("dec").DataType(dec))
                .Field(f => f.Name("n").DataType(Int32Type.Default))
                .Build();
            var i = new Int64Array.Builder().Append(1).Append(-2).AppendNull().Append(long.MaxValue).Append(long.MinValue).Append(0).Build();
            var d = new DoubleArray.Builder().Append(1.5).Append(-0.0).Append(double.NaN).AppendNull().Append(1e308).Append(double.NegativeInfinity).Build();
            var s = new StringArray.Builder().Append("a").Append("").AppendNull().Append("héllo wörld").Append("2024-02-29").Append("-12.5e3").Build();
            var b = new BooleanArray.Builder().Append(true).Append(false).AppendNull().Append(true).Append(false).Append(true).Build();
            var dt = new Date32Array.Builder().Append(new DateTime(2024, 2, 29)).Append(new DateTime(1, 1, 1)).AppendNull()
                .Append(new DateTime(9999, 12, 31)).Append(new DateTime(1970, 1, 1)).Append(new DateTime(1900, 3, 1)).Build();
            var ts = new TimestampArray.Builder(utc).Append(new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero)).AppendNull()
                .Append(DateTimeOffset.UnixEpoch).Append(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero))
                .Append(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)).Append(new DateTimeOffset(2000, 1, 1, 12, 0, 0, TimeSpan.Zero)).Build();
            var dc = new Decimal128Array.Builder(dec).Append(1.25m).Append(-9999999999.99m).AppendNull().Append(0m).Append(9999999999.99m).Append(0.01m).Build();
            var n = new Int32Array.Builder().Append(int.MaxValue).Append(int.MinValue).AppendNull().Append(0).Append(-1).Append(7).Build();
            return new RecordBatch(schema, [i, d, s, b, dt, ts, dc, n], 6);
        }
    }
}
