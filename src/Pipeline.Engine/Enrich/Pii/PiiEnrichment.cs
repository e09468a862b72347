using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Enrich.Pii;

/// <summary>
/// <c>pii:</c>: classifies each value of the scanned text columns (whole values: e-mail, phone, card with Luhn, IBAN
/// with mod-97; every value of a column named like a person's name is a <c>name</c>), counts the kinds per column,
/// and rewrites the values of each masked kind in place with its policy. Counts, never values, reach the results.
/// </summary>
internal sealed class PiiEnrichment : IEnrichment
{
    private static readonly HashSet<string> NameColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "first_name", "firstname", "last_name", "lastname", "full_name", "fullname", "surname", "given_name",
        "family_name", "customer_name", "contact_name", "person_name",
    };

    private readonly PiiSpec _spec;
    private readonly string _step;
    private readonly object _gate = new();
    private readonly Dictionary<(string Column, string Kind), (long Values, long Masked)> _found = [];
    private readonly Dictionary<string, long> _nonNull = new(StringComparer.Ordinal);
    private readonly List<string> _scanned = [];
    private long _rows, _affected;

    public PiiEnrichment(PiiSpec spec, string step)
    {
        _spec = spec;
        _step = step;
    }

    public Schema Bind(Schema input)
    {
        if (_spec.Columns is { } columns)
            foreach (var column in columns)
            {
                int index = input.GetFieldIndex(column);
                if (index < 0)
                {
                    var hint = Yaml.YamlNodes.Suggest(column, input.FieldsList.Select(f => f.Name));
                    throw Fail($"column '{column}' is not in the input" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
                }
                if (input.FieldsList[index].DataType is not StringType)
                    throw Fail($"column '{column}' is {TypeNames.Describe(input.FieldsList[index].DataType)}, not text");
            }
        return input;
    }

    public RecordBatch Apply(RecordBatch batch)
    {
        int n = batch.Length;
        var touched = new bool[n];
        IArrowArray[]? replaced = null;
        var found = new Dictionary<(string, string), (long Values, long Masked)>();
        var nonNull = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            var field = batch.Schema.FieldsList[c];
            if (batch.Column(c) is not StringArray text || !Scanned(field.Name)) continue;
            bool nameColumn = NameColumns.Contains(field.Name);
            StringArray.Builder? rewritten = null;
            long seen = 0;
            for (int i = 0; i < n; i++)
            {
                if (text.IsNull(i)) { rewritten?.AppendNull(); continue; }
                seen++;
                var value = text.GetString(i);
                string? kind = nameColumn ? "name" : PiiDetectors.Classify(value);
                string? masked = null;
                if (kind is not null)
                {
                    var policy = _spec.Masks.GetValueOrDefault(kind);
                    if (policy is not null) masked = PiiMasks.Mask(policy, kind, value, _spec.Salt?.Key);
                    var (values, maskedCount) = found.GetValueOrDefault((field.Name, kind));
                    found[(field.Name, kind)] = (values + 1, maskedCount + (masked is null ? 0 : 1));
                }
                if (masked is not null && rewritten is null)
                {
                    rewritten = new StringArray.Builder().Reserve(n);
                    for (int k = 0; k < i; k++)
                    {
                        if (text.IsNull(k)) rewritten.AppendNull();
                        else rewritten.Append(text.GetString(k));
                    }
                }
                if (masked is not null) touched[i] = true;
                rewritten?.Append(masked ?? value);
            }
            nonNull[field.Name] = seen;
            if (rewritten is not null)
            {
                replaced ??= new IArrowArray[batch.ColumnCount];
                replaced[c] = rewritten.Build();
            }
        }
        long affected = touched.Count(t => t);
        lock (_gate)
        {
            _rows += n;
            _affected += affected;
            foreach (var (column, count) in nonNull)
            {
                if (!_nonNull.ContainsKey(column)) _scanned.Add(column);
                _nonNull[column] = _nonNull.GetValueOrDefault(column) + count;
            }
            foreach (var (key, (values, masked)) in found)
            {
                var (v, m) = _found.GetValueOrDefault(key);
                _found[key] = (v + values, m + masked);
            }
        }
        if (replaced is null) return batch;
        var columns = new IArrowArray[batch.ColumnCount];
        for (int c = 0; c < columns.Length; c++) columns[c] = replaced[c] ?? batch.Column(c);
        return new RecordBatch(batch.Schema, columns, n);
    }

    public EnrichResult Result()
    {
        lock (_gate)
        {
            var detected = _found
                .Where(kv => _spec.Detect || _spec.Masks.ContainsKey(kv.Key.Kind))
                .OrderBy(kv => _scanned.IndexOf(kv.Key.Column)).ThenBy(kv => kv.Key.Kind, StringComparer.Ordinal)
                .Select(kv => new PiiDetection(kv.Key.Column, kv.Key.Kind, kv.Value.Values,
                    Math.Round(kv.Value.Values / (double)Math.Max(1, _nonNull.GetValueOrDefault(kv.Key.Column)), 6), kv.Value.Masked,
                    _spec.Masks.GetValueOrDefault(kv.Key.Kind)))
                .ToList();
            var replaced = detected.Where(d => d.Masked > 0).Select(d => d.Column).Distinct().ToList();
            return new EnrichResult("pii", null, [], replaced, _rows, _affected)
            {
                Detected = detected,
                Counts = new Dictionary<string, long> { ["masked_values"] = detected.Sum(d => d.Masked), ["columns_scanned"] = _scanned.Count },
            };
        }
    }

    private bool Scanned(string column) => _spec.Columns is null || _spec.Columns.Contains(column);

    private PipelineException Fail(string message) => new(PipelineErrorKind.InvalidInput, $"{_spec.Where(_step)}: {message}");
}
