using Apache.Arrow;
using Apache.Arrow.Types;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Pipeline.Benchmarks.Data;

/// <summary>
/// Writes generated rows as Parquet through ParquetSharp's Arrow writer directly (not through Pipeline, so the
/// input of a Pipeline benchmark never depends on the code being measured): snappy, 1,048,576-row row groups.
/// </summary>
public sealed class ParquetDataWriter : IDisposable
{
    /// <summary>The Arrow schema of the generated data. Only <c>amount</c> has nulls, so only it is nullable.</summary>
    public static Schema Schema { get; } = new Schema.Builder()
        .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("amount").DataType(DoubleType.Default).Nullable(true))
        .Field(f => f.Name("quantity").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("category").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("customer").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("created_at").DataType(new TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, (string?)null)).Nullable(false))
        .Field(f => f.Name("active").DataType(BooleanType.Default).Nullable(false))
        .Field(f => f.Name("email").DataType(StringType.Default).Nullable(false))
        .Build();

    /// <summary>Rows per row group: the same as Pipeline's default sink setting and close to DuckDB's and Arrow C++'s.</summary>
    public const int RowGroupRows = 1 << 20;

    private readonly FileWriter _writer;

    /// <summary>Creates the file (replacing it).</summary>
    public ParquetDataWriter(string path)
    {
        using var properties = new WriterPropertiesBuilder()
            .Compression(Compression.Snappy)
            .MaxRowGroupLength(RowGroupRows)
            .Build();
        _writer = new FileWriter(path, Schema, properties);
    }

    /// <summary>Appends the chunk; rows accumulate into the current row group until it is full.</summary>
    public void Write(RowChunk chunk)
    {
        using var batch = ToRecordBatch(chunk);
        _writer.WriteBufferedRecordBatch(batch);
    }

    /// <summary>Writes the footer. Dispose alone would swallow errors, hence a separate step.</summary>
    public void Close() => _writer.Close();

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    /// <summary>Builds the Arrow form of a chunk, with <see cref="Schema"/>.</summary>
    public static RecordBatch ToRecordBatch(RowChunk chunk)
    {
        int n = chunk.Length;
        var ids = new Int64Array.Builder().Reserve(n).Append(chunk.Id.AsSpan(0, n)).Build();
        var amounts = new DoubleArray.Builder().Reserve(n);
        for (int i = 0; i < n; i++)
        {
            if (chunk.AmountValid[i]) amounts.Append(chunk.Amount[i]);
            else amounts.AppendNull();
        }
        var quantities = new Int32Array.Builder().Reserve(n).Append(chunk.Quantity.AsSpan(0, n)).Build();
        var timestamps = new TimestampArray(
            (TimestampType)Schema.GetFieldByName("created_at").DataType,
            new ArrowBuffer.Builder<long>(n).Append(chunk.CreatedAtMicros.AsSpan(0, n)).Build(),
            ArrowBuffer.Empty, n, 0, 0);
        var active = new BooleanArray.Builder().Reserve(n);
        for (int i = 0; i < n; i++) active.Append(chunk.Active[i]);

        var categories = new StringArray.Builder();
        var customers = new StringArray.Builder();
        var emails = new StringArray.Builder();
        Span<byte> scratch = stackalloc byte[Vocabulary.MaxValueBytes];
        for (int i = 0; i < n; i++)
        {
            categories.Append(Vocabulary.CategoryUtf8[chunk.Category[i]]);
            customers.Append(scratch[..Vocabulary.WriteCustomer(scratch, chunk.Customer[i])]);
            emails.Append(scratch[..Vocabulary.WriteEmail(scratch, chunk.EmailFirstName[i], chunk.Customer[i], chunk.EmailDomain[i])]);
        }

        return new RecordBatch(Schema,
            [ids, amounts.Build(), quantities, categories.Build(), customers.Build(), timestamps, active.Build(), emails.Build()], n);
    }
}
