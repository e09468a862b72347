using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Databases.Tests;

/// <summary>
/// The rows every round trip writes and reads back: integers, doubles, booleans, unicode and very large strings,
/// zoned and plain timestamps, dates and decimals, with nulls in every column.
/// </summary>
public static class SampleTable
{
    public static readonly string LargeString = string.Concat(Enumerable.Repeat("große Daten – 大数据 – 🚀 ", 40_000)); // ~1.2 MB

    public static readonly Schema Schema = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, false))
        .Field(new Field("amount", new Decimal128Type(12, 2), true))
        .Field(new Field("name", StringType.Default, true))
        .Field(new Field("active", BooleanType.Default, true))
        .Field(new Field("score", DoubleType.Default, true))
        .Field(new Field("seen_at", new TimestampType(TimeUnit.Microsecond, "UTC"), true))
        .Field(new Field("local_at", new TimestampType(TimeUnit.Microsecond, (string?)null), true))
        .Field(new Field("day", Date32Type.Default, true))
        .Field(new Field("count32", Int32Type.Default, true))
        .Build();

    public static readonly DateTimeOffset SeenAt = new(2024, 3, 31, 1, 30, 15, 123, TimeSpan.FromHours(2)); // 23:30:15.123 UTC the day before

    /// <summary>Rows: id, amount, name, active, score, seen_at (UTC), local_at, day, count32.</summary>
    public static RecordBatch Batch(long firstId, int rows)
    {
        var id = new Int64Array.Builder();
        var amount = new Decimal128Array.Builder(new Decimal128Type(12, 2));
        var name = new StringArray.Builder();
        var active = new BooleanArray.Builder();
        var score = new DoubleArray.Builder();
        var seen = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var local = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, (string?)null));
        var day = new Date32Array.Builder();
        var count = new Int32Array.Builder();
        for (int i = 0; i < rows; i++)
        {
            long n = firstId + i;
            id.Append(n);
            bool isNull = n % 4 == 3;
            if (isNull) { amount.AppendNull(); name.AppendNull(); active.AppendNull(); score.AppendNull(); seen.AppendNull(); local.AppendNull(); day.AppendNull(); count.AppendNull(); continue; }
            amount.Append(n % 2 == 0 ? -12345678.91m + n : 0.05m * n);
            name.Append(n == 0 ? LargeString : $"Zoë ❄ 名前 #{n}");
            active.Append(n % 2 == 0);
            score.Append(n * 1.5);
            seen.Append(SeenAt.AddMinutes(n));
            local.Append(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(n));
            day.Append(new DateTime(2024, 2, 29).AddDays(n));
            count.Append((int)n * -7);
        }
        return new RecordBatch(Schema, [id.Build(), amount.Build(), name.Build(), active.Build(), score.Build(), seen.Build(), local.Build(), day.Build(), count.Build()], rows);
    }

    /// <summary>The expected display text of one row (as <see cref="RowText"/> renders it).</summary>
    public static string ExpectedRow(long n)
    {
        if (n % 4 == 3) return $"{n}|null|null|null|null|null|null|null|null";
        var amount = n % 2 == 0 ? -12345678.91m + n : 0.05m * n;
        var name = n == 0 ? LargeString : $"Zoë ❄ 名前 #{n}";
        var seen = SeenAt.AddMinutes(n).UtcDateTime;
        var local = new DateTime(2024, 1, 2, 3, 4, 5).AddSeconds(n);
        var day = DateOnly.FromDateTime(new DateTime(2024, 2, 29).AddDays(n));
        return string.Join('|', n, amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), name, n % 2 == 0 ? "true" : "false",
            (n * 1.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture), seen.ToString("yyyy-MM-dd HH:mm:ss.ffffff"),
            local.ToString("yyyy-MM-dd HH:mm:ss.ffffff"), day.ToString("yyyy-MM-dd"), (n * -7).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Renders a row of a batch read back from a database in the <see cref="ExpectedRow"/> form. Types may
    /// differ in width (a database may widen int32), so values are rendered, not compared by type.</summary>
    public static string RowText(RecordBatch batch, int row)
        => string.Join('|', Enumerable.Range(0, batch.ColumnCount).Select(c => Cell(batch.Column(c), row)));

    private static string Cell(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return "null";
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return array switch
        {
            Int64Array a => a.GetValue(row)!.Value.ToString(inv),
            Int32Array a => a.GetValue(row)!.Value.ToString(inv),
            Decimal128Array a => a.GetValue(row)!.Value.ToString("0.00", inv),
            StringArray a => a.GetString(row),
            BooleanArray a => a.GetValue(row)!.Value ? "true" : "false",
            DoubleArray a => a.GetValue(row)!.Value.ToString("R", inv),
            TimestampArray a => DateTime.UnixEpoch.AddTicks(Micros(a, row) * 10).ToString("yyyy-MM-dd HH:mm:ss.ffffff"),
            Date32Array a => a.GetDateOnly(row)!.Value.ToString("yyyy-MM-dd"),
            _ => array.GetType().Name,
        };
    }

    private static long Micros(TimestampArray array, int row)
    {
        var unit = ((TimestampType)array.Data.DataType).Unit;
        long v = array.Values[row];
        return unit switch { TimeUnit.Second => v * 1_000_000, TimeUnit.Millisecond => v * 1000, TimeUnit.Microsecond => v, _ => v / 1000 };
    }

    /// <summary>All rows of a source as text, in order.</summary>
    public static List<string> ReadRows(ISource source)
    {
        var (_, batches) = TestSupport.BatchReading.ReadAll(source);
        var rows = new List<string>();
        foreach (var batch in batches)
            using (batch)
                for (int i = 0; i < batch.Length; i++) rows.Add(RowText(batch, i));
        return rows;
    }
}

/// <summary>An in-memory source of <see cref="SampleTable"/> batches that can fail after some batches, to test that
/// sinks leave nothing behind when a run fails midway.</summary>
public sealed class SampleSource(int batches, int rowsPerBatch, int failAfterBatches = -1) : ISource
{
    public string Format => "memory";
    public IReadOnlyList<string> Files => [];
    public IArrowArrayStream Open(PipelineContext context) => new Stream(batches, rowsPerBatch, failAfterBatches);

    private sealed class Stream(int batches, int rowsPerBatch, int failAfterBatches) : IArrowArrayStream
    {
        private int _next;
        public Schema Schema => SampleTable.Schema;
        public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            if (_next == failAfterBatches) throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, "the source broke midway (test)");
            if (_next >= batches) return ValueTask.FromResult<RecordBatch?>(null);
            var batch = SampleTable.Batch((long)_next * rowsPerBatch, rowsPerBatch);
            _next++;
            return ValueTask.FromResult<RecordBatch?>(batch);
        }
        public void Dispose() { }
    }
}
