using GraphQL;
using GraphQL.Types;
using Pipeline.Core.History;

namespace Pipeline.Server.GraphQl;

/// <summary>A run recorded in the run history (served runs and <c>pipeline run</c>s sharing the file).</summary>
internal sealed class HistoryRunGraphType : ObjectGraphType<RunRecord>
{
    public HistoryRunGraphType()
    {
        Name = "HistoryRun";
        Description = "A run as the run history records it (GET /history/{dataset}).";
        Field<NonNullGraphType<IdGraphType>>("runId").Resolve(c => c.Source.RunId);
        Field(r => r.Dataset).Description("The dataset it is recorded under.");
        Field(r => r.Command).Description("The command that made it (run, serve, ...).");
        Field(r => r.Status).Description("Its final status.");
        Field(r => r.StartedAt);
        Field(r => r.FinishedAt);
        Field(r => r.DurationSeconds);
        Field(r => r.RowsRead);
        Field(r => r.RowsWritten);
        Field(r => r.RowsQuarantined);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnMetricsGraphType>>>>("columns")
            .Description("Per-column metrics (empty when the run did not profile).")
            .Argument<StringGraphType>("name", "Only this column.")
            .Resolve(c =>
            {
                // The run list carries no columns; they are read only when a query asks for them.
                var record = c.Source.Columns.Count > 0 ? c.Source
                    : QueryGraphType.History(c.RequestServices!).Find(c.Source.RunId) ?? c.Source;
                var name = c.GetArgument<string?>("name");
                return record.Columns.Where(m => name is null || string.Equals(m.Name, name, StringComparison.Ordinal)).ToList();
            });
    }
}

/// <summary>One column's recorded metrics.</summary>
internal sealed class ColumnMetricsGraphType : ObjectGraphType<ColumnMetrics>
{
    public ColumnMetricsGraphType()
    {
        Name = "ColumnMetrics";
        Description = "A column's metrics as the run history records them.";
        Field(m => m.Name);
        Field(m => m.Type).Description("The Arrow type.");
        Field(m => m.Kind).Description("numeric, text, temporal, boolean, ...");
        Field(m => m.SemanticType, nullable: true);
        Field(m => m.Rows);
        Field(m => m.Nulls);
        Field<FloatGraphType>("nullFraction").Resolve(c => c.Source.Rows == 0 ? null : (double)c.Source.Nulls / c.Source.Rows);
        Field(m => m.DistinctEstimate);
        Field(m => m.Min, nullable: true);
        Field(m => m.Max, nullable: true);
        Field(m => m.Mean, nullable: true);
        Field(m => m.Stddev, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FloatGraphType>>>>("quantiles")
            .Description("p01, p05, p25, p50, p75, p95, p99.").Resolve(c => c.Source.Quantiles);
    }
}
