using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Apache.Arrow;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Kinds;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// What the reference rules need from other tables, read once before the run: the distinct key values for each
/// <c>exists_in</c> rule and the row count for each <c>row_count_equals</c> rule. The key sets are reserved from the
/// run's memory pool; a reference too large for the budget stops the run with a clear error (raise
/// <c>memory_limit</c> or check against a smaller key table).
/// </summary>
internal sealed class ReferenceData : IDisposable
{
    private readonly Dictionary<string, ReferenceKeys> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rowCounts = new(StringComparer.Ordinal);
    private readonly List<MemoryReservation> _reservations = [];

    /// <summary>No references (rule sets without reference rules).</summary>
    public static ReferenceData Empty { get; } = new();

    /// <summary>Reads every reference the rules name.</summary>
    public static async Task<ReferenceData> LoadAsync(IEnumerable<Rule> rules, PipelineContext context)
    {
        var data = new ReferenceData();
        try
        {
            foreach (var rule in rules.Where(r => r.Reference is not null))
            {
                if (RuleKindRegistry.Of(rule.Kind) is RowRuleKind { NeedsReferenceKeys: true })
                    data._keys[rule.Name] = await LoadKeysAsync(rule, context, data._reservations).ConfigureAwait(false);
                else data._rowCounts[rule.Name] = await CountRowsAsync(rule, context).ConfigureAwait(false);
            }
            return data;
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>The key set of an <c>exists_in</c> rule.</summary>
    public ReferenceKeys Keys(Rule rule) => _keys.TryGetValue(rule.Name, out var k) ? k
        : throw new InvalidOperationException($"rule '{rule.Name}': its reference was not loaded (call Validation.PrepareAsync first)");

    /// <summary>The other table's row count of a <c>row_count_equals</c> rule.</summary>
    public long? RowCount(Rule rule) => _rowCounts.TryGetValue(rule.Name, out var n) ? n : null;

    private static PipelineException Failed(Rule rule, string message, Exception? inner = null)
        => new(PipelineErrorKind.InvalidInput, $"{(rule.Location is null ? "" : rule.Location + ": ")}rule '{rule.Name}': reference {rule.Reference}: {message}", inner);

    private static async Task<long> CountRowsAsync(Rule rule, PipelineContext context)
    {
        long rows = 0;
        try
        {
            using var stream = ReferenceSources.Open(rule.Reference!, context).Open(context);
            while (await stream.ReadNextRecordBatchAsync(context.CancellationToken).ConfigureAwait(false) is { } batch)
                using (batch) rows += batch.Length;
        }
        catch (PipelineException ex) { throw Failed(rule, ex.Message, ex); }
        return rows;
    }

    private static async Task<ReferenceKeys> LoadKeysAsync(Rule rule, PipelineContext context, List<MemoryReservation> reservations)
    {
        var reservation = context.MemoryPool.Register(new MemoryConsumer($"rule:{rule.Name}:reference", CanSpill: false));
        reservations.Add(reservation);
        ReferenceKeys? keys = null;
        try
        {
            var source = ReferenceSources.Open(rule.Reference!, context);
            using var stream = source.Open(context);
            int column = stream.Schema.GetFieldIndex(rule.Reference!.Column!);
            if (column < 0)
                throw Failed(rule, $"no column '{rule.Reference.Column}' (columns: {string.Join(", ", stream.Schema.FieldsList.Select(f => f.Name))})");
            var kind = ColumnLoader.KindOf(stream.Schema.GetFieldByIndex(column).DataType)
                       ?? throw Failed(rule, $"column '{rule.Reference.Column}' has a type rules cannot compare");
            keys = new ReferenceKeys(kind);
            while (await stream.ReadNextRecordBatchAsync(context.CancellationToken).ConfigureAwait(false) is { } batch)
            {
                using (batch)
                {
                    keys.AddAll(batch.Column(column));
                    long bytes = keys.Bytes - reservation.Size;
                    if (bytes > 0 && !reservation.TryGrow(bytes))
                        throw new PipelineException(PipelineErrorKind.ResourcesExhausted,
                            $"{(rule.Location is null ? "" : rule.Location + ": ")}rule '{rule.Name}': the keys of {rule.Reference} ({keys.Count:N0} so far) do not fit the memory budget; raise memory_limit or check against a smaller key table");
                }
            }
            return keys;
        }
        catch (PipelineException ex) when (ex.Kind != PipelineErrorKind.ResourcesExhausted && !ex.Message.Contains(rule.Name, StringComparison.Ordinal))
        {
            throw Failed(rule, ex.Message, ex);
        }
    }

    /// <summary>Returns the key sets' memory.</summary>
    public void Dispose()
    {
        foreach (var r in _reservations) r.Dispose();
        _reservations.Clear();
        _keys.Clear();
    }
}

/// <summary>The distinct values of a reference column, compared like <c>in_set</c>: numbers by value, text ordinally,
/// times by instant.</summary>
internal sealed class ReferenceKeys(ValueKind kind)
{
    /// <summary>Rough bytes per text key beyond its characters: set entry, string header, hash.</summary>
    private const int TextKeyOverhead = 64;

    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);
    private readonly Int64HashSet _values = new();
    private long _textBytes;

    /// <summary>The kind of the reference column.</summary>
    public ValueKind Kind => kind;

    /// <summary>Distinct keys held.</summary>
    public long Count => _texts.Count + _values.Count;

    /// <summary>Memory held: text keys estimated from their characters; 64-bit keys are the hash table's slots
    /// (8 bytes each) plus room for one sub-table to double while it grows.</summary>
    public long Bytes => _textBytes + _values.TableBytes + _values.TableBytes / 64;

    /// <summary>Adds the non-null values of one batch of the reference column.</summary>
    public void AddAll(IArrowArray values)
    {
        var adder = new Adder(this);
        ArrowValues.Visit(values, ref adder);
    }

    /// <summary>The membership test of a value rule's column (of this set's kind).</summary>
    public ValueTest Test => new()
    {
        Numbers = d => _values.Contains(NumberKey(d)),
        Texts = _texts.Contains,
        Times = _values.Contains,
        Bools = b => _values.Contains(b ? 1 : 0),
    };

    /// <summary>Equal numbers get equal keys: -0 is 0.</summary>
    private static long NumberKey(double d) => BitConverter.DoubleToInt64Bits(d == 0 ? 0 : d);

    private readonly struct Adder(ReferenceKeys keys) : IValueVisitor
    {
        public bool ReadsText => true;
        public void Null(int row) { }
        public void Number(int row, double value) => keys._values.Add(NumberKey(value));
        public void Text(int row, string value)
        {
            if (keys._texts.Add(value)) keys._textBytes += TextKeyOverhead + 2L * value.Length;
        }
        public void Time(int row, long micros) => keys._values.Add(micros);
        public void Bool(int row, bool value) => keys._values.Add(value ? 1 : 0);
    }
}
