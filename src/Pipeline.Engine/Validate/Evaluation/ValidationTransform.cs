using System.Buffers;
using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Quarantine;
using Pipeline.Core.Streams;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Kinds;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// Evaluates every row rule on each batch (column-at-a-time into failure masks), then removes the rows whose failed
/// rules say quarantine or drop. A row failing several rules goes to the quarantine once, with every failed rule
/// (<c>_rule</c>) and reason (<c>_reason</c>); a row is quarantined if any failed rule says quarantine, otherwise
/// dropped if any says drop, otherwise kept. Thread-safe: per-batch state only, counts in <see cref="RuleTally"/>.
/// </summary>
internal sealed class ValidationTransform(IReadOnlyList<Rule> rowRules, IReadOnlyList<Rule> tableRules, string source, DateTimeOffset now,
    Func<ReferenceData> references, IReadOnlyList<RuleTally>? sharedTallies = null) : IPositionedBatchTransform
{
    /// <summary>Stage name in metrics and the quarantine's <c>_stage</c>.</summary>
    public const string StageName = "validate";

    private (Schema Schema, RowCheck[] Checks)? _bound;
    private long _dropped;

    public string Name => StageName;

    /// <summary>Failure counts and examples per row rule (shared with the transform that counts the same rules, when given).</summary>
    public IReadOnlyList<RuleTally> Tallies { get; } = sharedTallies ?? rowRules.Select(_ => new RuleTally()).ToArray();

    /// <summary>Rows removed by <c>on_fail: drop</c>.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Schema OutputSchema(Schema input)
    {
        Bind(input);
        return input;
    }

    private RowCheck[] Bind(Schema schema)
    {
        var bound = _bound;
        if (bound is { } b && SameLayout(b.Schema, schema)) return b.Checks;
        var refs = references();
        var checks = rowRules.Select(r => RowCheck.Compile(r, schema, now, refs)).ToArray();
        // Table rules run in the analyzer, but a misspelt column must stop the run before any row is read.
        foreach (var r in tableRules) CheckTableRule(r, schema);
        _bound = (schema, checks);
        return checks;
    }

    private static void CheckTableRule(Rule r, Schema schema)
    {
        string where = $"{(r.Location is null ? "" : r.Location + ": ")}rule '{r.Name}'";
        var definition = RuleKindRegistry.Table(r.Kind);
        foreach (var column in r.KeyColumns)
        {
            var type = schema.GetFieldByIndex(RowCheck.ColumnIndex(r with { Column = column }, schema, where)).DataType;
            if (definition.Lacks(ColumnLoader.KindOf(type)) is { } needs)
                throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput,
                    $"{where}: '{r.Kind.YamlName()}' needs {needs}, but '{column}' is {Results.TypeNames.Describe(type)}");
        }
    }

    /// <summary>Readers may hand out an equal schema object per batch; compiling (regexes especially) once per layout
    /// rather than per batch keeps the per-batch cost to the evaluation itself.</summary>
    private static bool SameLayout(Schema a, Schema b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.FieldsList.Count != b.FieldsList.Count) return false;
        for (int i = 0; i < a.FieldsList.Count; i++)
        {
            Field x = a.FieldsList[i], y = b.FieldsList[i];
            if (x.Name != y.Name || Results.TypeNames.Describe(x.DataType) != Results.TypeNames.Describe(y.DataType)) return false;
        }
        return true;
    }

    public RecordBatch Apply(RecordBatch batch, PipelineContext context) => Apply(batch, 0, context);

    public RecordBatch Apply(RecordBatch batch, long firstRow, PipelineContext context)
    {
        var checks = Bind(batch.Schema);
        int n = batch.Length;
        var columns = new BatchColumns(batch);
        var masks = new bool[checks.Length][];
        byte[]? removeBy = null; // per row: 0 keep, 1 drop, 2 quarantine
        var scratch = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            // Rules that remove rows go first: only when one of them fails a row do the masks of the keeping (warn)
            // rules matter, to list every failed rule of a quarantined row. Otherwise a keeping rule costs its
            // evaluation, its count and a few examples, and no per-row bookkeeping.
            foreach (bool removing in (ReadOnlySpan<bool>)[true, false])
            {
                for (int r = 0; r < checks.Length; r++)
                {
                    byte action = Action(checks[r]);
                    if ((action > 0) != removing) continue;
                    var fails = scratch.AsSpan(0, n);
                    int failed = checks[r].Evaluate(columns, fails);
                    if (failed == 0) continue;
                    Tallies[r].Add(failed);
                    OfferExamples(Tallies[r], checks[r], columns, fails, firstRow);
                    if (action == 0)
                    {
                        if (removeBy is not null) masks[r] = fails.ToArray();
                        continue;
                    }
                    masks[r] = fails.ToArray();
                    removeBy ??= new byte[n];
                    for (int i = fails.IndexOf(true); i >= 0 && i < n; i++)
                        if (fails[i] && action > removeBy[i]) removeBy[i] = action;
                }
            }
        }
        finally { ArrayPool<bool>.Shared.Return(scratch); }
        if (removeBy is null) return batch;

        var keep = new bool[n];
        var quarantine = new bool[n];
        int kept = 0, quarantined = 0, dropped = 0;
        for (int i = 0; i < n; i++)
        {
            switch (removeBy[i])
            {
                case 0: keep[i] = true; kept++; break;
                case 1: dropped++; break;
                default: quarantine[i] = true; quarantined++; break;
            }
        }
        if (kept == n) return batch;
        Interlocked.Add(ref _dropped, dropped);
        if (quarantined > 0) Quarantine(batch, firstRow, checks, masks, columns, quarantine, quarantined, context.Quarantine, context.RowLines);
        var output = RowSelection.Take(batch, keep, kept);
        // The slices keep the input's buffers alive through their own references, so the input can go.
        return output;
    }

    private static byte Action(RowCheck check) => check.Rule.EffectiveAction switch { RuleAction.Quarantine => 2, RuleAction.Drop => 1, _ => 0 };

    /// <summary>Offers the batch's first failing rows as examples: rows only grow within a batch, so once the tally
    /// wants no more (it keeps the lowest rows) no later row of this batch can qualify.</summary>
    private static void OfferExamples(RuleTally tally, RowCheck check, BatchColumns columns, ReadOnlySpan<bool> fails, long firstRow)
    {
        int offered = 0;
        for (int i = fails.IndexOf(true); i >= 0 && i < fails.Length && offered < RuleTally.MaxExamples; i++)
        {
            if (!fails[i]) continue;
            if (!tally.Wants(firstRow + i)) return;
            tally.Offer(firstRow + i, check.Value(columns, i));
            offered++;
        }
    }

    private void Quarantine(RecordBatch batch, long firstRow, RowCheck[] checks, bool[]?[] masks, BatchColumns columns,
        bool[] quarantine, int count, QuarantineCollector collector, RowLines lines)
    {
        var rows = new List<long>(count);
        var rules = new List<string>(count);
        var reasons = new List<string>(count);
        for (int i = 0; i < quarantine.Length; i++)
        {
            if (!quarantine[i]) continue;
            var names = new List<string>();
            var why = new List<string>();
            for (int r = 0; r < checks.Length; r++)
            {
                if (masks[r] is not { } m || !m[i]) continue;
                names.Add(checks[r].Rule.Name);
                why.Add(checks[r].Reason(columns, i));
            }
            rows.Add(firstRow + i);
            rules.Add(string.Join(",", names));
            reasons.Add(string.Join("; ", why));
        }
        var data = RowSelection.Take(batch, quarantine, count);
        var file = QuarantineFile.For(batch.Schema);
        collector.AddRuleFailures(QuarantineFile.FromRuleFailures(file, data, StageName, source, rows, rules, reasons, lines), StageName);
    }
}
