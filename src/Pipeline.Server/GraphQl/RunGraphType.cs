using System.Text.Json;
using GraphQL;
using GraphQL.Types;

namespace Pipeline.Server.GraphQl;

/// <summary>A run of this server: its state, and what its results.json says (rules, insights, quality, drift).</summary>
internal sealed class RunGraphType : ObjectGraphType<RunNode>
{
    public RunGraphType()
    {
        Name = "Run";
        Description = "A run submitted to this server (GET /runs/{id}); result fields are null until it ended.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The server's run id.").Resolve(c => c.Source.Run.Id);
        Field<NonNullGraphType<StringGraphType>>("status").Description("queued, running, ok, checks_failed, error or cancelled.").Resolve(c => c.Source.Run.Status);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("submitted").Resolve(c => c.Source.Run.Submitted);
        Field<DateTimeOffsetGraphType>("started").Resolve(c => c.Source.Run.Started);
        Field<DateTimeOffsetGraphType>("finished").Resolve(c => c.Source.Run.Finished);
        Field<LongGraphType>("rowsRead").Description("Rows read so far, or in all once it ended.")
            .Resolve(c => c.Source.Run.RowsRead ?? c.Source.Run.Stages.RowsRead);
        Field<StringGraphType>("error").Description("Why the run failed, when it failed.").Resolve(c => c.Source.Run.Error);
        Field<StringGraphType>("dataset").Description("The dataset the run is recorded under in the run history.").Resolve(c => c.Source.Run.Dataset);
        Field<StringGraphType>("historyRunId").Description("The run's id in the run history (results.json run_id).").Resolve(c => c.Source.Run.HistoryRunId);
        Field<RowsGraphType>("rows").Description("Row counts.").Resolve(c => c.Source.Section("rows"));
        Field<FloatGraphType>("qualityScore").Description("The table's quality score (0 to 1), for runs with rules or cleaning.")
            .Resolve(c => c.Source.Section("quality") is { } q ? Json.Number(q, "score") : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RuleGraphType>>>>("rules")
            .Description("The rules' outcomes, in declaration order.")
            .Argument<BooleanGraphType>("failedOnly", "Only rules that failed.")
            .Argument<StringGraphType>("severity", "Only rules of this severity (error or warn).")
            .Resolve(c => Rules(c.Source, c.GetArgument<bool?>("failedOnly") ?? false, c.GetArgument<string?>("severity")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InsightGraphType>>>>("insights")
            .Description("Findings, highest score first.")
            .Argument<StringGraphType>("kind", "Only findings of this kind.")
            .Argument<StringGraphType>("severity", "Only findings of this severity.")
            .Argument<FloatGraphType>("minScore", "Only findings scoring at least this.")
            .Argument<IntGraphType>("limit", "At most this many (1 to 1000).")
            .Resolve(c => Insights(c.Source, c.GetArgument<string?>("kind"), c.GetArgument<string?>("severity"),
                c.GetArgument<double?>("minScore"), QueryGraphType.Limit(c.GetArgument<int?>("limit"), 1000, 1000)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DriftGraphType>>>>("drift")
            .Description("Columns that drifted against the baseline.").Resolve(c => c.Source.Items("drift").ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AnomalyGraphType>>>>("anomalies")
            .Description("Metrics outside their expected range.").Resolve(c => c.Source.Items("anomalies").ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("warnings")
            .Description("What the run warned about.").Resolve(c => c.Source.Items("warnings").Select(w => w.ToString()).ToList());
    }

    private static List<JsonElement> Rules(RunNode run, bool failedOnly, string? severity)
        => run.Items("rules")
            .Where(r => !failedOnly || Json.Flag(r, "passed") == false)
            .Where(r => severity is null || string.Equals(Json.Text(r, "severity"), severity, StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static List<JsonElement> Insights(RunNode run, string? kind, string? severity, double? minScore, int limit)
        => run.Items("insights")
            .Where(i => kind is null || string.Equals(Json.Text(i, "kind"), kind, StringComparison.Ordinal))
            .Where(i => severity is null || string.Equals(Json.Text(i, "severity"), severity, StringComparison.OrdinalIgnoreCase))
            .Where(i => minScore is null || Json.Number(i, "score") >= minScore)
            .Take(limit)
            .ToList();
}
