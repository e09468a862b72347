using Apache.Arrow;
using Pipeline.Core.Streams;
using Pipeline.Engine.Analyze;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Kernels.Aggregates;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>
/// Pearson co-moments of every pair of numeric columns, overall and within each group of every low-cardinality
/// string or boolean column: what a Simpson's paradox check needs. Bounded: at most <see cref="MaxGroupColumns"/>
/// group columns with at most <see cref="MaxGroups"/> values each (a column with more is dropped, which does not
/// depend on the order batches arrive in), and at most <see cref="MaxNumericColumns"/> numeric columns.
/// </summary>
internal sealed class GroupCorrelationAnalyzer : IAnalyzer
{
    /// <summary>Most distinct values a group column may have.</summary>
    public const int MaxGroups = 12;
    /// <summary>Most group columns followed.</summary>
    public const int MaxGroupColumns = 8;
    /// <summary>Most numeric columns paired.</summary>
    public const int MaxNumericColumns = 10;

    private string[]? _numeric;
    private string[]? _groupColumns;
    private CoMomentState[]? _overall;
    // Per group column: group value -> co-moments per pair; null once the column has too many values.
    private Dictionary<string, CoMomentState[]>?[]? _groups;

    /// <inheritdoc/>
    public string Name => "report_groups";

    /// <inheritdoc/>
    public IAnalyzer CreateEmpty() => new GroupCorrelationAnalyzer();

    /// <inheritdoc/>
    public void Update(RecordBatch batch)
    {
        if (_numeric is null) Initialise(batch.Schema);
        if (_numeric!.Length < 2 || batch.Length == 0) return;
        var numbers = _numeric.Select(n => ColumnValues.Numbers(batch.Column(n))).ToArray();
        var pairs = Pairs(_numeric.Length);
        for (int p = 0; p < pairs.Count; p++)
        {
            var (a, b) = pairs[p];
            for (int i = 0; i < batch.Length; i++)
                if (!double.IsNaN(numbers[a][i]) && !double.IsNaN(numbers[b][i]) && double.IsFinite(numbers[a][i]) && double.IsFinite(numbers[b][i]))
                    _overall![p].Add(numbers[a][i], numbers[b][i]);
        }
        for (int g = 0; g < _groupColumns!.Length; g++)
        {
            var groups = _groups![g];
            if (groups is null) continue;
            var column = batch.Column(_groupColumns[g]);
            var lookup = new TextKeyLookup<CoMomentState[]>(groups);
            for (int i = 0; i < batch.Length; i++)
            {
                if (!lookup.TryFind(column, i, out var moments, out var missing)) continue;
                if (missing is not null)
                {
                    if (groups.Count == MaxGroups) { _groups[g] = null; break; }
                    groups[missing] = moments = NewMoments(pairs.Count);
                }
                for (int p = 0; p < pairs.Count; p++)
                {
                    double x = numbers[pairs[p].A][i], y = numbers[pairs[p].B][i];
                    if (double.IsFinite(x) && double.IsFinite(y)) moments![p].Add(x, y);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Merge(IAnalyzer other)
    {
        var o = (GroupCorrelationAnalyzer)other;
        if (o._numeric is null) return;
        if (_numeric is null)
        {
            (_numeric, _groupColumns, _overall, _groups) = (o._numeric, o._groupColumns, o._overall, o._groups);
            return;
        }
        for (int p = 0; p < _overall!.Length; p++) _overall[p].Merge(in o._overall![p]);
        for (int g = 0; g < _groups!.Length; g++)
        {
            if (_groups[g] is not { } mine || o._groups![g] is not { } theirs) { _groups[g] = null; continue; }
            foreach (var (key, moments) in theirs)
            {
                if (!mine.TryGetValue(key, out var target))
                {
                    if (mine.Count == MaxGroups) { _groups[g] = null; break; }
                    mine[key] = target = NewMoments(moments.Length);
                }
                for (int p = 0; p < moments.Length; p++) target[p].Merge(in moments[p]);
            }
        }
    }

    /// <summary>The correlations found: one entry per group column and numeric pair with at least two groups.</summary>
    public IReadOnlyList<GroupCorrelation> Results()
    {
        var found = new List<GroupCorrelation>();
        if (_numeric is null || _numeric.Length < 2) return found;
        var pairs = Pairs(_numeric.Length);
        for (int g = 0; g < _groupColumns!.Length; g++)
        {
            if (_groups![g] is not { Count: >= 2 } groups) continue;
            for (int p = 0; p < pairs.Count; p++)
            {
                if (Pearson(in _overall![p]) is not { } overall) continue;
                var within = groups.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Where(kv => Pearson(in kv.Value[p]) is not null)
                    .Select(kv => new GroupValueCorrelation(kv.Key, Pearson(in kv.Value[p])!.Value, kv.Value[p].N)).ToList();
                if (within.Count >= 2)
                    found.Add(new GroupCorrelation(_groupColumns[g], _numeric[pairs[p].A], _numeric[pairs[p].B], overall, _overall[p].N, within));
            }
        }
        return found;
    }

    private void Initialise(Schema schema)
    {
        _numeric = schema.FieldsList.Where(f => ColumnKinds.Of(f.DataType) == ColumnKind.Numeric).Take(MaxNumericColumns).Select(f => f.Name).ToArray();
        _groupColumns = schema.FieldsList.Where(f => ColumnKinds.Of(f.DataType) is ColumnKind.String or ColumnKind.Boolean)
            .Take(MaxGroupColumns).Select(f => f.Name).ToArray();
        _overall = NewMoments(Pairs(_numeric.Length).Count);
        _groups = _groupColumns.Select(_ => new Dictionary<string, CoMomentState[]>(StringComparer.Ordinal)).ToArray();
    }

    private static CoMomentState[] NewMoments(int count) => new CoMomentState[count];

    /// <summary>Pearson's r from the kernel's co-moments, or null with fewer than 3 pairs or a constant side.</summary>
    private static double? Pearson(in CoMomentState m) => m.N < 3 || double.IsNaN(m.Correlation) ? null : m.Correlation;

    private static List<(int A, int B)> Pairs(int count)
    {
        var pairs = new List<(int, int)>();
        for (int a = 0; a < count; a++)
            for (int b = a + 1; b < count; b++) pairs.Add((a, b));
        return pairs;
    }
}

/// <summary>A numeric pair's correlation overall and within each value of a group column.</summary>
/// <param name="GroupColumn">The grouping column.</param>
/// <param name="A">First numeric column.</param>
/// <param name="B">Second numeric column.</param>
/// <param name="Overall">Pearson's r over all rows where both are present.</param>
/// <param name="Rows">Rows behind <paramref name="Overall"/>.</param>
/// <param name="Groups">Pearson's r within each group (groups with a defined r only), ordered by value.</param>
public sealed record GroupCorrelation(string GroupColumn, string A, string B, double Overall, long Rows, IReadOnlyList<GroupValueCorrelation> Groups);

/// <summary>The correlation within one group.</summary>
/// <param name="Group">The group's value.</param>
/// <param name="Pearson">Pearson's r within the group.</param>
/// <param name="Rows">Rows of the group where both values are present.</param>
public sealed record GroupValueCorrelation(string Group, double Pearson, long Rows);
