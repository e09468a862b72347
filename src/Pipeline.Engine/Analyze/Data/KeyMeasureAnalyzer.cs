using Apache.Arrow;
using Pipeline.Core.Streams;
using Pipeline.Engine.Analyze;
using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>
/// Sums of each numeric measure per value of each string key column, for concentration ("the top 1% of customers hold
/// 40% of revenue"). Exact and bounded: a key column with more than <see cref="MaxKeys"/> distinct values is dropped
/// (the key set only grows, so that does not depend on batch order); at most <see cref="MaxKeyColumns"/> key columns
/// and <see cref="MaxMeasures"/> measures.
/// </summary>
internal sealed class KeyMeasureAnalyzer : IAnalyzer
{
    /// <summary>Most distinct keys per key column.</summary>
    public const int MaxKeys = 50_000;
    /// <summary>Most key columns followed.</summary>
    public const int MaxKeyColumns = 3;
    /// <summary>Most measures summed.</summary>
    public const int MaxMeasures = 4;

    private string[]? _keys;
    private string[] _measures = [];
    private Dictionary<string, double[]>?[] _sums = [];
    private double[] _totals = [];
    private bool[] _negative = [];

    /// <inheritdoc/>
    public string Name => "report_concentration";

    /// <inheritdoc/>
    public IAnalyzer CreateEmpty() => new KeyMeasureAnalyzer();

    /// <inheritdoc/>
    public void Update(RecordBatch batch)
    {
        if (_keys is null) Initialise(batch.Schema);
        if (_keys!.Length == 0 || _measures.Length == 0) return;
        var values = _measures.Select(m => ColumnValues.Numbers(batch.Column(m))).ToArray();
        for (int m = 0; m < _measures.Length; m++)
            foreach (var v in values[m])
            {
                if (!double.IsFinite(v)) continue;
                _totals[m] += v;
                if (v < 0) _negative[m] = true;
            }
        for (int k = 0; k < _keys.Length; k++)
        {
            var sums = _sums[k];
            if (sums is null) continue;
            var column = batch.Column(_keys[k]);
            var lookup = new TextKeyLookup<double[]>(sums);
            for (int i = 0; i < batch.Length; i++)
            {
                if (!lookup.TryFind(column, i, out var row, out var missing)) continue;
                if (missing is not null)
                {
                    if (sums.Count == MaxKeys) { _sums[k] = null; break; }
                    sums[missing] = row = new double[_measures.Length];
                }
                for (int m = 0; m < _measures.Length; m++)
                    if (double.IsFinite(values[m][i])) row![m] += values[m][i];
            }
        }
    }

    /// <inheritdoc/>
    public void Merge(IAnalyzer other)
    {
        var o = (KeyMeasureAnalyzer)other;
        if (o._keys is null) return;
        if (_keys is null) { (_keys, _measures, _sums, _totals, _negative) = (o._keys, o._measures, o._sums, o._totals, o._negative); return; }
        for (int m = 0; m < _measures.Length; m++) { _totals[m] += o._totals[m]; _negative[m] |= o._negative[m]; }
        for (int k = 0; k < _keys.Length; k++)
        {
            if (_sums[k] is not { } mine || o._sums[k] is not { } theirs) { _sums[k] = null; continue; }
            foreach (var (key, row) in theirs)
            {
                if (!mine.TryGetValue(key, out var target))
                {
                    if (mine.Count == MaxKeys) { _sums[k] = null; break; }
                    mine[key] = target = new double[_measures.Length];
                }
                for (int m = 0; m < row.Length; m++) target[m] += row[m];
            }
        }
    }

    /// <summary>For each key column (at least 100 keys) and non-negative measure with a positive total: the share of
    /// the total held by the top 1% of keys.</summary>
    public IReadOnlyList<KeyConcentration> Results()
    {
        var found = new List<KeyConcentration>();
        if (_keys is null) return found;
        for (int k = 0; k < _keys.Length; k++)
        {
            if (_sums[k] is not { Count: >= 100 } sums) continue;
            int top = (int)Math.Ceiling(sums.Count / 100.0);
            for (int m = 0; m < _measures.Length; m++)
            {
                if (_negative[m] || _totals[m] <= 0) continue;
                var largest = sums.Select(kv => (kv.Key, Sum: kv.Value[m])).OrderByDescending(x => x.Sum).ThenBy(x => x.Key, StringComparer.Ordinal).Take(top).ToList();
                found.Add(new KeyConcentration(_keys[k], _measures[m], sums.Count, top, largest.Sum(x => x.Sum) / _totals[m] * 100,
                    largest.Select(x => x.Key).Take(3).ToList()));
            }
        }
        return found;
    }

    private void Initialise(Schema schema)
    {
        _keys = schema.FieldsList.Where(f => ColumnKinds.Of(f.DataType) == ColumnKind.String).Take(MaxKeyColumns).Select(f => f.Name).ToArray();
        _measures = schema.FieldsList.Where(f => ColumnKinds.Of(f.DataType) == ColumnKind.Numeric).Take(MaxMeasures).Select(f => f.Name).ToArray();
        _sums = _keys.Select(_ => new Dictionary<string, double[]>(StringComparer.Ordinal)).ToArray();
        _totals = new double[_measures.Length];
        _negative = new bool[_measures.Length];
    }
}

/// <summary>How much of a measure the largest keys hold.</summary>
/// <param name="Key">The key column.</param>
/// <param name="Measure">The numeric column summed.</param>
/// <param name="Keys">Distinct keys.</param>
/// <param name="TopKeys">Keys in the top 1% (at least one).</param>
/// <param name="SharePct">Their share of the measure's total, in percent.</param>
/// <param name="Largest">Up to three of the largest keys.</param>
public sealed record KeyConcentration(string Key, string Measure, int Keys, int TopKeys, double SharePct, IReadOnlyList<string> Largest);
