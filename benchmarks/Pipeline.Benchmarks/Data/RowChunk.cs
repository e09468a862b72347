namespace Pipeline.Benchmarks.Data;

/// <summary>
/// One chunk of generated rows held column by column. Both writers (CSV and Parquet) format the same chunk, so
/// the two files hold exactly the same values and one random stream feeds both.
/// </summary>
public sealed class RowChunk
{
    /// <summary>Microseconds since the Unix epoch of 2024-01-01T00:00:00, the first <c>created_at</c>.</summary>
    public const long FirstTimestampMicros = 1_704_067_200_000_000;

    /// <summary>Creates empty column buffers for up to <paramref name="capacity"/> rows.</summary>
    public RowChunk(int capacity)
    {
        Capacity = capacity;
        Id = new long[capacity];
        Amount = new double[capacity];
        AmountValid = new bool[capacity];
        Quantity = new int[capacity];
        Category = new byte[capacity];
        Customer = new int[capacity];
        CreatedAtMicros = new long[capacity];
        Active = new bool[capacity];
        EmailFirstName = new byte[capacity];
        EmailDomain = new byte[capacity];
    }

    /// <summary>Maximum rows per chunk.</summary>
    public int Capacity { get; }

    /// <summary>Rows filled by the last <see cref="Fill"/>.</summary>
    public int Length { get; private set; }

    /// <summary>Sequential id, starting at 1.</summary>
    public long[] Id { get; }
    /// <summary>Amount in currency units with two decimals (meaningful where <see cref="AmountValid"/>).</summary>
    public double[] Amount { get; }
    /// <summary>False for the ~5% null amounts.</summary>
    public bool[] AmountValid { get; }
    /// <summary>Quantity, 1..1000.</summary>
    public int[] Quantity { get; }
    /// <summary>Index into <see cref="Vocabulary.Categories"/>.</summary>
    public byte[] Category { get; }
    /// <summary>Customer number, 0..<see cref="Vocabulary.CustomerCount"/>-1.</summary>
    public int[] Customer { get; }
    /// <summary>Creation time in microseconds since the Unix epoch (no time zone), increasing.</summary>
    public long[] CreatedAtMicros { get; }
    /// <summary>Active flag (~70% true).</summary>
    public bool[] Active { get; }
    /// <summary>First-name index of the e-mail local part.</summary>
    public byte[] EmailFirstName { get; }
    /// <summary>Domain index of the e-mail.</summary>
    public byte[] EmailDomain { get; }

    /// <summary>Fills the chunk with the next <paramref name="rows"/> rows of the stream.</summary>
    /// <param name="rows">Rows to generate (at most <see cref="Capacity"/>).</param>
    /// <param name="firstId">The id of the first row.</param>
    /// <param name="rng">The data set's random stream; advanced in a fixed order per row, so output is reproducible.</param>
    /// <param name="clockMicros">The running <c>created_at</c>; advanced by 0–6 s per row (≈3 s on average).</param>
    public void Fill(int rows, long firstId, ref XorShift64Star rng, ref long clockMicros)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Capacity);
        for (int i = 0; i < rows; i++)
        {
            Id[i] = firstId + i;
            AmountValid[i] = !rng.Chance(5);
            Amount[i] = (1 + rng.Next(1_000_000)) / 100.0;
            Quantity[i] = 1 + rng.Next(1000);
            Category[i] = (byte)rng.Next(Vocabulary.Categories.Count);
            Customer[i] = rng.Next(Vocabulary.CustomerCount);
            clockMicros += rng.Next(6_000_000);
            CreatedAtMicros[i] = clockMicros;
            Active[i] = rng.Chance(70);
            EmailFirstName[i] = (byte)rng.Next(Vocabulary.FirstNameCount);
            EmailDomain[i] = (byte)rng.Next(Vocabulary.DomainCount);
        }
        Length = rows;
    }
}
