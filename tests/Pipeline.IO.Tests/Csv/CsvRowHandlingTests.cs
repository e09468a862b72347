using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvRowHandlingTests
{
    private static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(0, count).Select(i => row(i) + "\n"));

    [Fact]
    public void A_late_value_that_does_not_fit_throws_a_widening_restart_naming_every_widened_column()
    {
        using var dir = new TempDirectory();
        // The sample (10 rows) sees only integers; later rows need double for 'b', string for 'c', and 'd' stays.
        var path = dir.WriteText("w.csv", "a,b,c,d\n" + Rows(100, i => i switch
        {
            50 => $"{i},1.5,{i},1",
            80 => $"{i},{i},abc,1",
            _ => $"{i},{i},{i},1",
        }));
        var pipeline = new PipelineOptions { InferenceSampleRows = 10, BatchSize = 16 };
        var ex = Assert.Throws<CsvTypeWideningException>(() => CsvTestReading.Read(path, null, pipeline));
        Assert.Equal(new Dictionary<string, string> { ["b"] = "double", ["c"] = "string" }, ex.WidenedTypes);
        Assert.IsAssignableFrom<RestartRequiredException>(ex);

        // Applying the overrides makes the re-run succeed with every row.
        var retried = CsvTestReading.Read(path, ex.ApplyTo(new SourceOptions()), pipeline);
        Assert.Equal(100, retried.Rows.Count);
        Assert.Equal("double", CsvTestReading.TypeOf(retried, "b"));
        Assert.Equal("utf8", CsvTestReading.TypeOf(retried, "c"));
        Assert.Equal("int64", CsvTestReading.TypeOf(retried, "a"));
        Assert.Equal(0, retried.Context.Quarantine.Count);
    }

    [Fact]
    public void With_the_quarantine_policy_a_misfit_row_is_quarantined_with_column_type_value_and_line()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("q.csv", "id,amount\n" + Rows(40, i => i == 30 ? $"{i},abc" : $"{i},{i * 10}"));
        var pipeline = new PipelineOptions { InferenceSampleRows = 5, TypeMismatch = TypeMismatchPolicy.Quarantine, BatchSize = 8 };
        var t = CsvTestReading.Read(path, null, pipeline);
        Assert.Equal(39, t.Rows.Count);
        var rows = Quarantined(t.Context);
        var row = Assert.Single(rows);
        Assert.Equal("column 'amount': 'abc' is not int64", row.Reason);
        Assert.Equal(32, row.Line); // header is line 1, row i is on line i + 2
        Assert.Equal("30,abc", row.Record);
        Assert.Equal(BatchRunner.ReadStage, row.Stage);
        Assert.Equal(path, row.Source);
    }

    [Fact]
    public void Rows_with_the_wrong_field_count_are_quarantined_with_the_line_where_they_start()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("f.csv", "a,b\n1,2\n\"multi\nline\",3\n4,5,6\n7\n8,9\n");
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { InferTypes = false } });
        Assert.Equal(3, t.Rows.Count);
        var rows = Quarantined(t.Context);
        Assert.Equal([5L, 6L], rows.Select(r => r.Line!.Value));
        Assert.Equal("expected 2 fields, found 3", rows[0].Reason);
        Assert.Equal("expected 2 fields, found 1", rows[1].Reason);
    }

    [Fact]
    public void An_unterminated_quote_is_quarantined_at_its_line_and_the_next_lines_are_read()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("u.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { InferTypes = false } });
        Assert.Equal(["1", "4"], t.Values("a"));
        var row = Assert.Single(Quarantined(t.Context));
        Assert.Equal(3, row.Line);
        Assert.Contains("unterminated", row.Reason);
    }

    [Fact]
    public void A_record_over_the_size_cap_is_quarantined_and_reading_continues()
    {
        using var dir = new TempDirectory();
        var huge = new string('x', 300_000);
        var path = dir.WriteText("big.csv", $"a,b\n1,ok\n2,\"{huge}\"\n3,fine\n");
        var source = new CsvSource([path], new SourceOptions { Csv = new CsvReadOptions { InferTypes = false } }) { MaxRecordBytes = 100_000 };
        var t = CsvTestReading.Read(source);
        Assert.Equal(["1", "3"], t.Values("a"));
        var row = Assert.Single(Quarantined(t.Context));
        Assert.Equal(3, row.Line);
        Assert.Contains("larger than", row.Reason);
    }

    [Fact]
    public void A_quote_opened_and_never_closed_costs_one_row_not_the_rest_of_the_file()
    {
        // 200,001 lines: the header, then 200,000 rows; line 2 opens a quote that nothing closes.
        using var dir = new TempDirectory();
        var text = new System.Text.StringBuilder("id,name\n1,\"broken\n");
        for (int i = 2; i <= 200_000; i++) text.Append(i).Append(",n").Append(i).Append('\n');
        var path = dir.WriteText("stray.csv", text.ToString());
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { InferTypes = false } });
        Assert.Equal(199_999, t.Rows.Count);
        Assert.Equal("2", t.Values("id").First());
        var row = Assert.Single(Quarantined(t.Context));
        Assert.Equal(2, row.Line);
        Assert.Contains("unterminated quoted field", row.Reason);
    }

    [Fact]
    public void A_stray_quote_past_the_size_cap_is_rejected_at_its_line_and_reading_resumes_on_the_next()
    {
        using var dir = new TempDirectory();
        var text = new System.Text.StringBuilder("id,name\n1,ok\n2,\"stray\n");
        for (int i = 3; i <= 30_000; i++) text.Append(i).Append(",name-").Append(i).Append('\n');
        var path = dir.WriteText("stray.csv", text.ToString());
        var source = new CsvSource([path], new SourceOptions { Csv = new CsvReadOptions { InferTypes = false } }) { MaxRecordBytes = 100_000 };
        var t = CsvTestReading.Read(source);
        Assert.Equal(29_999, t.Rows.Count);
        Assert.Equal(["1", "3"], t.Values("id").Take(2));
        var row = Assert.Single(Quarantined(t.Context));
        Assert.Equal(3, row.Line);
        Assert.Contains("inside a quoted field", row.Reason);
    }

    [Fact]
    public void Projection_returns_only_the_requested_columns_in_the_requested_order()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "a,b,c\n1,x,2.5\n2,y,3.5\n", new SourceOptions { Columns = ["c", "a"] });
        Assert.Equal(["c", "a"], t.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(["2.5", "3.5"], t.Values("c"));
        Assert.Equal(["1", "2"], t.Values("a"));
    }

    [Fact]
    public void Projecting_a_missing_column_is_a_schema_error()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("p.csv", "a\n1\n");
        var ex = Assert.Throws<PipelineException>(() => CsvTestReading.Read(path, new SourceOptions { Columns = ["zzz"] }));
        Assert.Equal(PipelineErrorKind.Schema, ex.Kind);
        Assert.Contains("zzz", ex.Message);
    }

    [Fact]
    public void Several_files_read_as_one_stream_each_with_its_own_dialect()
    {
        using var dir = new TempDirectory();
        dir.WriteText("1.csv", "id,name\n1,a\n2,b\n");
        dir.WriteText("2.csv", "id;name\r\n3;c\r\n");
        var t = CsvTestReading.Read(Path.Combine(dir.Path, "*.csv"));
        Assert.Equal(["1", "2", "3"], t.Values("id"));
        Assert.Equal(["a", "b", "c"], t.Values("name"));
    }

    [Fact]
    public void A_later_file_with_a_different_header_is_a_schema_error_naming_both_files()
    {
        using var dir = new TempDirectory();
        var first = dir.WriteText("1.csv", "id,name\n1,a\n");
        var second = dir.WriteText("2.csv", "id,title\n2,b\n");
        var ex = Assert.Throws<PipelineException>(() => CsvTestReading.Read(Path.Combine(dir.Path, "*.csv")));
        Assert.Equal(PipelineErrorKind.Schema, ex.Kind);
        Assert.Contains(first, ex.Message);
        Assert.Contains(second, ex.Message);
    }

    [Fact]
    public void Results_do_not_depend_on_batch_size_or_parallelism()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("b.csv", "i,s,d\n" + Rows(5000, i => i % 977 == 0 ? $"{i},\"q,\"\"{i}\"\"\nx\",{i}.5,extra" : $"{i},s{i},{i}.25"));
        var baseline = CsvTestReading.Read(path, null, new PipelineOptions { BatchSize = 65_536, MaxDegreeOfParallelism = 1 });
        foreach (var (batch, dop) in new[] { (1, 2), (7, 2), (100, 4), (4999, 3) })
        {
            var other = CsvTestReading.Read(path, null, new PipelineOptions { BatchSize = batch, MaxDegreeOfParallelism = dop });
            Assert.Equal(baseline.Rows, other.Rows);
            Assert.Equal(baseline.Context.Quarantine.Count, other.Context.Quarantine.Count);
            Assert.Equal(Quarantined(baseline.Context).Select(r => r.Line), Quarantined(other.Context).Select(r => r.Line));
            Assert.All(other.BatchLengths, n => Assert.True(n <= batch));
        }
        Assert.Equal(5000 - 6, baseline.Rows.Count);
    }

    [Fact]
    public void Rows_read_plus_rows_quarantined_equals_the_records_in_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("c.csv", "a,b\n" + Rows(1000, i => (i % 10) switch { 3 => $"{i}", 7 => $"{i},x,y", _ => $"{i},{i}" }));
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { InferTypes = false } }, new PipelineOptions { BatchSize = 64 });
        Assert.Equal(800, t.Rows.Count);
        Assert.Equal(200, t.Context.Quarantine.Count);
    }

    private static List<Pipeline.Core.Quarantine.QuarantinedRow> Quarantined(PipelineContext context)
    {
        var result = new List<Pipeline.Core.Quarantine.QuarantinedRow>();
        using var reader = context.Quarantine.OpenReader();
        while (reader.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
                for (int i = 0; i < batch.Length; i++)
                    result.Add(new(
                        ((Apache.Arrow.StringArray)batch.Column(0)).GetString(i),
                        ((Apache.Arrow.StringArray)batch.Column(1)).GetString(i),
                        ((Apache.Arrow.Int64Array)batch.Column(2)).GetValue(i),
                        ((Apache.Arrow.StringArray)batch.Column(3)).GetString(i),
                        ((Apache.Arrow.StringArray)batch.Column(4)).GetString(i)));
        }
        return result;
    }
}
