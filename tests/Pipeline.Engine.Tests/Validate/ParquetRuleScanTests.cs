using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Engine.Validate.Quality;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.Engine.Validate.Scan;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Parquet;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>
/// The Parquet rule scan (row group by row group, only the columns the rules need, footer proofs) against the
/// streaming run over the same file: every count, example, null count and quarantined row must be the same.
/// </summary>
public class ParquetRuleScanTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>1000 rows in row groups of <paramref name="rowGroup"/>: id 0..999 (required), amount with nulls, NaN
    /// and negatives in the second half only, qty 1..20 (required), status (low cardinality, one bad value at row
    /// 777), email with a bad one every 250th row, day (required timestamps, one in the future at row 900).</summary>
    private static string WriteTable(TempDirectory dir, int rowGroup = 128, int from = 0, int to = 1000, string name = "table.parquet")
    {
        int n = to - from;
        var id = new Int64Array.Builder();
        var amount = new DoubleArray.Builder();
        var qty = new Int32Array.Builder();
        var status = new StringArray.Builder();
        var email = new StringArray.Builder();
        var day = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        string[] statuses = ["new", "paid", "shipped"];
        for (int i = from; i < to; i++)
        {
            id.Append(i);
            if (i >= 500 && i % 37 == 0) amount.AppendNull();
            else if (i == 640) amount.Append(double.NaN);
            else amount.Append(i >= 500 && i % 41 == 0 ? -3 : 1 + i % 60);
            qty.Append(1 + i % 20);
            status.Append(i == 777 ? "lost" : statuses[i % 3]);
            if (i % 300 == 150) email.AppendNull();
            else email.Append(i % 250 == 0 ? "nobody" : $"u{i}@example.com");
            day.Append(i == 900 ? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) : new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i));
        }
        var schema = new Schema.Builder()
            .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
            .Field(f => f.Name("amount").DataType(DoubleType.Default))
            .Field(f => f.Name("qty").DataType(Int32Type.Default).Nullable(false))
            .Field(f => f.Name("status").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("email").DataType(StringType.Default))
            .Field(f => f.Name("day").DataType(new TimestampType(TimeUnit.Microsecond, "UTC")).Nullable(false))
            .Build();
        var batch = new RecordBatch(schema, [id.Build(), amount.Build(), qty.Build(), status.Build(), email.Build(), day.Build()], n);
        var path = dir.File(name);
        using var context = new PipelineContext(new PipelineOptions());
        var sink = FileFormats.CreateSink(path, new SinkOptions { ParquetRowGroupSize = rowGroup });
        var writer = sink.OpenAsync(schema, context).AsTask().GetAwaiter().GetResult();
        writer.WriteAsync(batch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        writer.CommitAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return path;
    }

    private const string WarnRules = """
        rules:
          - {name: id_not_null, column: id, not_null: true, severity: warn}
          - {name: amount_not_null, column: amount, not_null: true, severity: warn}
          - {name: id_range, column: id, between: [0, 999], severity: warn}
          - {name: id_small, column: id, less_than: 600, severity: warn}
          - {name: qty_positive, column: qty, positive: true, severity: warn}
          - {name: qty_range, column: qty, between: [1, 15], severity: warn}
          - {name: amount_positive, column: amount, greater_than: 0, severity: warn}
          - {name: status_known, column: status, in_set: [new, paid, shipped], severity: warn}
          - {name: status_not_test, column: status, not_in_set: [test], severity: warn}
          - {name: email_shape, column: email, regex: '^[^@\s]+@[^@\s]+\.[a-z]{2,}$', severity: warn}
          - {name: email_length, column: email, length_between: [5, 40], severity: warn}
          - {name: day_not_future, column: day, not_future: true, severity: warn}
          - {name: per_item, expression: "amount <= qty * 10", severity: warn}
          - {name: paid_positive, column: amount, greater_than: 5, filter: "status = 'paid'", severity: warn}
          - {name: id_unique, column: id, unique: true, severity: warn}
          - {name: email_unique, column: email, unique: true, severity: warn}
          - {name: rows, row_count_between: [1, 5000], severity: warn}
          - {name: qty_mean, column: qty, mean_between: [5, 15], severity: warn}
        """;

    private const string ErrorRules = """
        rules:
          - {name: amount_positive, column: amount, greater_than: 0}
          - {name: status_known, column: status, in_set: [new, paid, shipped]}
          - {name: id_range, column: id, between: [0, 999]}
          - {name: email_shape, column: email, regex: '^[^@\s]+@[^@\s]+\.[a-z]{2,}$', severity: warn}
          - {name: day_not_future, column: day, not_future: true, on_fail: drop}
          - {name: qty_range, column: qty, between: [1, 15], severity: warn}
          - {name: id_unique, column: id, unique: true}
          - {name: rows, row_count_between: [1, 5000]}
        """;

    /// <summary>Rules on text columns alone, so both go through the page reader (status dictionary-encoded, email
    /// plain with nulls).</summary>
    private const string TextRules = """
        rules:
          - {name: status_known, column: status, in_set: [new, paid, shipped], severity: warn}
          - {name: status_not_paid, column: status, not_in_set: [paid], severity: warn}
          - {name: status_short, column: status, length_between: [3, 4], severity: warn}
          - {name: email_not_null, column: email, not_null: true, severity: warn}
          - {name: email_shape, column: email, regex: '^[^@\s]+@[^@\s]+\.[a-z]{2,}$', severity: warn}
          - {name: email_shape2, column: email, shape: email, severity: warn}
          - {name: email_length, column: email, length_between: [5, 15], severity: warn}
          - {name: id_unique, column: id, unique: true, severity: warn}
        """;

    private sealed record Observed(long Read, long Written, long Quarantined, long Dropped, List<string> Rules, long NullRows,
        Dictionary<string, long> Nulls, List<string> QuarantineRows);

    private static async Task<Observed> Observe(string path, string yaml, bool scan, int parallelism, string? idColumn = "id")
    {
        var rules = RulesReader.Parse(yaml, "rules.yaml");
        using var context = new PipelineContext(new PipelineOptions { MaxDegreeOfParallelism = parallelism, BatchSize = 100 });
        var validation = new Validation(rules, path, Now, context);
        await validation.PrepareAsync(context);
        var nulls = new NullCounts();
        var source = FileFormats.OpenSource(path);
        var outcome = scan
            ? await validation.RunAsync(source, context, nulls)
            : await BatchRunner.RunAsync(new BatchPlan(source, [nulls, validation.Transform], [validation.Analyzer], []), context);
        var results = validation.Results(outcome.InputSchema).Select(r =>
            $"{r.Name} passed={r.Passed} failed={r.FailedRows} observed={r.Observed} examples=[{string.Join(";", r.Examples.Select(e => $"{e.Row}:{e.Value}"))}]").ToList();
        var quarantined = new List<string>();
        if (context.Quarantine.Count > 0)
        {
            using var reader = context.Quarantine.OpenFileReader(outcome.InputSchema);
            while (await reader.ReadNextRecordBatchAsync() is { } b)
            {
                using (b)
                {
                    var rows = (Int64Array)b.Column("_row");
                    var names = (StringArray)b.Column("_rule");
                    var ids = idColumn is null ? null : (Int64Array)b.Column(idColumn);
                    for (int i = 0; i < b.Length; i++) quarantined.Add($"{rows.GetValue(i)}:{names.GetString(i)}:{ids?.GetValue(i)}");
                }
            }
        }
        quarantined.Sort(StringComparer.Ordinal);
        return new Observed(outcome.RowsRead, outcome.RowsWritten, outcome.RowsQuarantined, validation.RowsDropped, results, nulls.Rows,
            new Dictionary<string, long>(nulls.Nulls.Where(kv => kv.Value > 0)), quarantined);
    }

    private static void AssertSame(Observed expected, Observed actual)
    {
        Assert.Equal(expected.Read, actual.Read);
        Assert.Equal(expected.Written, actual.Written);
        Assert.Equal(expected.Quarantined, actual.Quarantined);
        Assert.Equal(expected.Dropped, actual.Dropped);
        Assert.Equal(expected.Rules, actual.Rules);
        Assert.Equal(expected.NullRows, actual.NullRows);
        Assert.Equal(expected.Nulls.OrderBy(kv => kv.Key), actual.Nulls.OrderBy(kv => kv.Key));
        Assert.Equal(expected.QuarantineRows, actual.QuarantineRows);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task WarningRulesCountTheSameAsTheStreamingRun(int parallelism)
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir);
        var streamed = await Observe(path, WarnRules, scan: false, parallelism);
        var scanned = await Observe(path, WarnRules, scan: true, parallelism);
        AssertSame(streamed, scanned);
        // The table is built so that these fail: the test would pass vacuously otherwise.
        Assert.Contains(streamed.Rules, r => r.StartsWith("amount_positive passed=False", StringComparison.Ordinal));
        Assert.Contains(streamed.Rules, r => r.StartsWith("day_not_future passed=False failed=1 ", StringComparison.Ordinal));
        Assert.Contains(streamed.Rules, r => r.StartsWith("status_known passed=False failed=1 ", StringComparison.Ordinal));
        Assert.Contains(streamed.Rules, r => r.StartsWith("id_small passed=False failed=400 ", StringComparison.Ordinal));
        Assert.True(streamed.Nulls["amount"] > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TextRulesOnPageValuesCountTheSameAsTheStreamingRun(int parallelism)
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir);
        var streamed = await Observe(path, TextRules, scan: false, parallelism);
        var scanned = await Observe(path, TextRules, scan: true, parallelism);
        AssertSame(streamed, scanned);
        Assert.Contains(streamed.Rules, r => r.StartsWith("status_not_paid passed=False failed=333 ", StringComparison.Ordinal));
        Assert.Contains(streamed.Rules, r => r.StartsWith("email_not_null passed=False failed=3 ", StringComparison.Ordinal));
        Assert.Contains(streamed.Rules, r => r.StartsWith("email_shape passed=False failed=3 ", StringComparison.Ordinal));
        Assert.Contains(streamed.Rules, r => r.StartsWith("status_short passed=False", StringComparison.Ordinal));
        Assert.Contains(streamed.Rules, r => r.StartsWith("email_length passed=False", StringComparison.Ordinal));
        Assert.Equal(3, streamed.Nulls["email"]);
    }

    [Theory]
    [InlineData(1, 128)]
    [InlineData(2, 128)]
    [InlineData(2, 1000)]
    public async Task RemovingRulesQuarantineWholeRowsAsTheStreamingRunDoes(int parallelism, int rowGroup)
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir, rowGroup);
        var streamed = await Observe(path, ErrorRules, scan: false, parallelism);
        var scanned = await Observe(path, ErrorRules, scan: true, parallelism);
        AssertSame(streamed, scanned);
        Assert.True(streamed.Quarantined > 10);
        Assert.Equal(1, streamed.Dropped);
        Assert.Equal(streamed.Read, streamed.Written + streamed.Quarantined + streamed.Dropped);
    }

    [Fact]
    public async Task ValidateJobOnParquetMatchesTheSameDataAsCsv()
    {
        using var dir = new TempDirectory();
        var csv = ValidationJobTests.WriteOrders(dir);
        var parquet = dir.File("orders.parquet");
        using (var context = new PipelineContext(new PipelineOptions()))
            await BatchRunner.RunAsync(new BatchPlan(FileFormats.OpenSource(csv), [], [], [FileFormats.CreateSink(parquet, new SinkOptions { ParquetRowGroupSize = 100 })]), context);
        var rules = RulesReader.Parse(RulesReaderTests.IssueYaml, "rules.yaml");
        async Task<Pipeline.Engine.Results.RunResults> Validate(string input)
        {
            var spec = new Pipeline.Hosting.Specs.PipelineSpec(new Pipeline.Hosting.Specs.SourceSpec(input, new SourceOptions()), [], new PipelineOptions { MaxDegreeOfParallelism = 2 }) { Rules = rules };
            var job = await Pipeline.Hosting.Running.SpecRunner.RunAsync(new Pipeline.Hosting.Running.SpecRunRequest { Spec = spec, RunFolder = dir.File(Path.GetFileName(input) + ".run"), Command = "validate" });
            Assert.True(job.Succeeded, job.Error?.ToString());
            return job.Results;
        }
        var fromCsv = await Validate(csv);
        var fromParquet = await Validate(parquet);
        Assert.Equal(fromCsv.Rules.Select(r => (r.Name, r.FailedRows, r.Passed)), fromParquet.Rules.Select(r => (r.Name, r.FailedRows, r.Passed)));
        Assert.Equal(fromCsv.Rules.Select(r => string.Join(",", r.Examples.Select(e => e.Row))), fromParquet.Rules.Select(r => string.Join(",", r.Examples.Select(e => e.Row))));
        Assert.Equal((fromCsv.Rows.Read, fromCsv.Rows.Passed, fromCsv.Rows.Quarantined), (fromParquet.Rows.Read, fromParquet.Rows.Passed, fromParquet.Rows.Quarantined));
        Assert.Equal(fromCsv.Quality!.Score, fromParquet.Quality!.Score);
        Assert.Contains(fromParquet.Stages, s => s.Name == "validate" && s.RowsIn == 1000);
        Assert.True(File.Exists(fromParquet.Quarantine.File));
    }

    /// <summary>parquet-testing's geospatial files carry the Geometry logical type, which ParquetSharp cannot name:
    /// the scan must treat such columns as unknown (read through Arrow) rather than fail on the footer.</summary>
    [Theory]
    [InlineData("crs-default.parquet")]
    [InlineData("geospatial.parquet")]
    public async Task ColumnsOfALogicalTypeParquetSharpDoesNotKnowAreReadThroughArrow(string file)
    {
        var path = Corpus.Path("parquet-testing", "data", "geospatial", file);
        var schema = BatchReading.ReadAll(FileFormats.OpenSource(path)).Schema;
        var yaml = "rules:\n" + string.Concat(schema.FieldsList.Select((f, i) => $"  - {{name: r{i}, column: '{f.Name}', not_null: true, severity: warn}}\n"));
        var streamed = await Observe(path, yaml, scan: false, 2, idColumn: null);
        var scanned = await Observe(path, yaml, scan: true, 2, idColumn: null);
        AssertSame(streamed, scanned);
        Assert.True(streamed.Read > 0);
    }

    [Fact]
    public async Task SeveralFilesNumberRowsAcrossFilesAsTheStreamingRunDoes()
    {
        using var dir = new TempDirectory();
        WriteTable(dir, 128, 0, 400, "part-0.parquet");
        WriteTable(dir, 100, 400, 1000, "part-1.parquet");
        var glob = Path.Combine(dir.Path, "part-*.parquet");
        foreach (var yaml in new[] { WarnRules, ErrorRules, TextRules })
        {
            var streamed = await Observe(glob, yaml, scan: false, 2);
            var scanned = await Observe(glob, yaml, scan: true, 2);
            AssertSame(streamed, scanned);
            Assert.Equal(1000, scanned.Read);
        }
    }

    [Fact]
    public async Task AFileWithoutRowsPassesRowRulesAndFailsARowCount()
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir, 128, 0, 0, "empty.parquet");
        var yaml = "rules:\n  - {name: n, column: amount, not_null: true}\n  - {name: rows, row_count_between: [1, 10]}\n";
        var streamed = await Observe(path, yaml, scan: false, 2);
        var scanned = await Observe(path, yaml, scan: true, 2);
        AssertSame(streamed, scanned);
        Assert.Equal(0, scanned.Read);
        Assert.Contains(scanned.Rules, r => r.StartsWith("rows passed=False", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FilesWithDifferentSchemasAreRefused()
    {
        using var dir = new TempDirectory();
        WriteTable(dir, 128, 0, 10, "a-0.parquet");
        var other = dir.File("a-1.parquet");
        using (var context = new PipelineContext(new PipelineOptions()))
        {
            var csv = dir.WriteText("x.csv", "id,other\n1,2\n");
            await BatchRunner.RunAsync(new BatchPlan(FileFormats.OpenSource(csv), [], [], [FileFormats.CreateSink(other)]), context);
        }
        var rules = RulesReader.Parse(WarnRules, "rules.yaml");
        using var run = new PipelineContext(new PipelineOptions());
        var glob = Path.Combine(dir.Path, "a-*.parquet");
        var validation = new Validation(rules, glob, Now, run);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => validation.RunAsync(FileFormats.OpenSource(glob), run));
        Assert.Contains("schema differs", ex.Message);
    }

    /// <summary>Impala's writer is not known to write null counts with its statistics, so its optional columns'
    /// null counts stay unknown (a missing count would read as 0); Arrow C++'s are believed.</summary>
    [Fact]
    public void NullCountsAreBelievedOnlyFromWritersKnownToWriteThem()
    {
        using (var impala = ParquetRowGroupFile.Open(Corpus.Path("parquet-testing", "data", "alltypes_plain.parquet"), 1024, false))
        {
            int field = impala.Schema.GetFieldIndex("int_col");
            Assert.Null(impala.Facts(0, field).NullCount);
        }
        using var dir = new TempDirectory();
        using var ours = ParquetRowGroupFile.Open(WriteTable(dir), 1024, false);
        Assert.Equal(0, ours.Facts(0, ours.Schema.GetFieldIndex("amount")).NullCount);
        Assert.True(ours.Facts(5, ours.Schema.GetFieldIndex("amount")).NullCount > 0);
    }

    /// <summary>Damage in a column no rule reads must still fail the run: the scan verifies those columns (pages,
    /// checksums, decoded levels and values, row counts) without building arrays.</summary>
    [Theory]
    [InlineData("data/datapage_v1-corrupt-checksum.parquet", "CRC")]
    [InlineData("data/rle-dict-uncompressed-corrupt-checksum.parquet", "CRC")]
    [InlineData("bad_data/ARROW-GH-41317.parquet", "declares")]
    [InlineData("bad_data/ARROW-GH-47662.parquet", "not a valid or supported Parquet file")]
    public async Task CorruptColumnsNoRuleReadsStillFailTheScan(string file, string expected)
    {
        var path = Corpus.Path(["parquet-testing", .. file.Split('/')]);
        var rules = RulesReader.Parse("rules:\n  - {name: rows, row_count_between: [0, 1000000000]}\n", "rules.yaml");
        using var context = new PipelineContext(new PipelineOptions());
        var validation = new Validation(rules, path, Now, context);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => validation.RunAsync(FileFormats.OpenSource(path), context, new NullCounts()));
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    /// <summary>Rules the footer settles entirely: no column is turned into arrays, yet results.json's read stage
    /// still counts every row and the rows add up.</summary>
    [Fact]
    public async Task AJobWhoseRulesTheFooterSettlesStillCountsItsRows()
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir);
        var rules = RulesReader.Parse("rules:\n  - {name: id_known, column: id, not_null: true}\n  - {name: id_range, column: id, between: [0, 999]}\n  - {name: rows, row_count_between: [1, 5000]}\n", "rules.yaml");
        var spec = new Pipeline.Hosting.Specs.PipelineSpec(new Pipeline.Hosting.Specs.SourceSpec(path, new SourceOptions()), [], new PipelineOptions { MaxDegreeOfParallelism = 2 }) { Rules = rules };
        var job = await Pipeline.Hosting.Running.SpecRunner.RunAsync(new Pipeline.Hosting.Running.SpecRunRequest { Spec = spec, RunFolder = dir.File("run"), Command = "validate" });
        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal("ok", job.Results.Status);
        Assert.Equal((1000L, 1000L, 0L), (job.Results.Rows.Read, job.Results.Rows.Passed, job.Results.Rows.Quarantined));
        Assert.Equal(1000, job.Results.Stages.Single(s => s.Name == "read").RowsOut);
        Assert.All(job.Results.Rules, r => Assert.True(r.Passed));
    }

    [Fact]
    public async Task AMisspeltColumnStopsTheScanBeforeAnyRow()
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir);
        var rules = RulesReader.Parse("rules:\n  - {name: r, column: amout, not_null: true}\n", "rules.yaml");
        using var context = new PipelineContext(new PipelineOptions());
        var validation = new Validation(rules, path, Now, context);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => validation.RunAsync(FileFormats.OpenSource(path), context));
        Assert.Contains("did you mean 'amount'", ex.Message);
    }

    [Fact]
    public async Task ACorruptFileIsAnErrorNamingIt()
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir);
        var bytes = File.ReadAllBytes(path);
        for (int i = 200; i < 2000; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var rules = RulesReader.Parse(WarnRules, "rules.yaml");
        using var context = new PipelineContext(new PipelineOptions());
        var validation = new Validation(rules, path, Now, context);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => validation.RunAsync(FileFormats.OpenSource(path), context));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void FooterProofsOnlyHoldWhereEveryValueWouldPass()
    {
        using var dir = new TempDirectory();
        var path = WriteTable(dir);
        using var file = ParquetRowGroupFile.Open(path, 1024, false);
        var schema = file.Schema;
        bool Proven(string yaml, int rowGroup)
        {
            var rule = RulesReader.Parse("rules:\n  - " + yaml + "\n", "r.yaml").Rules[0];
            int field = schema.GetFieldIndex(rule.Column!);
            var check = RowCheck.Compile(rule, schema, Now);
            return StatisticsProof.PassesEveryRow(check, schema.FieldsList[field].DataType, file.Facts(rowGroup, field));
        }
        Assert.True(Proven("{name: a, column: id, not_null: true}", 0));                 // required column
        Assert.True(Proven("{name: a, column: amount, not_null: true}", 0));             // optional, no nulls in rows 0..127 (Arrow C++ writes null counts)
        Assert.False(Proven("{name: a, column: amount, not_null: true}", 5));            // rows 640..767 hold nulls
        Assert.True(Proven("{name: a, column: id, between: [0, 127]}", 0));              // rows 0..127
        Assert.False(Proven("{name: a, column: id, between: [0, 126]}", 0));
        Assert.False(Proven("{name: a, column: id, greater_than: 0}", 0));               // id 0 is in the group
        Assert.True(Proven("{name: a, column: id, greater_than: 0}", 1));
        Assert.True(Proven("{name: a, column: qty, positive: true}", 3));               // int32
        Assert.False(Proven("{name: a, column: amount, greater_than: -100}", 0));        // doubles: NaN is not in the statistics
        Assert.True(Proven("{name: a, column: day, not_future: true}", 0));
        Assert.False(Proven("{name: a, column: day, not_future: true}", 900 / 128));     // row 900 is in 2030
        Assert.False(Proven("{name: a, column: status, in_set: [new, paid, shipped]}", 0)); // text is never proven
    }
}
