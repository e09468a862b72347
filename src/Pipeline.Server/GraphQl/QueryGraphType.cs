using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.History;
using Pipeline.Engine.Learn.History;
using Pipeline.Hosting.Running.History;
using Pipeline.Server.Runs;
using Pipeline.Server.Storage;

namespace Pipeline.Server.GraphQl;

/// <summary>The read-only root: runs of this server and the run history. There is no mutation: runs are submitted and
/// cancelled through REST.</summary>
internal sealed class QueryGraphType : ObjectGraphType
{
    /// <summary>The most runs or history entries one field returns.</summary>
    public const int MaxItems = 200;

    public QueryGraphType()
    {
        Name = "Query";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RunGraphType>>>>("runs")
            .Description("Runs of this server, newest first.")
            .Argument<StringGraphType>("status", "Only runs with this status.")
            .Argument<StringGraphType>("dataset", "Only runs recorded under this dataset.")
            .Argument<IntGraphType>("limit", $"At most this many (1 to {MaxItems}, default 50).")
            .Resolve(c =>
            {
                var status = c.GetArgument<string?>("status");
                var dataset = c.GetArgument<string?>("dataset");
                int limit = Limit(c.GetArgument<int?>("limit"), 50, MaxItems);
                return c.RequestServices!.GetRequiredService<RunManager>().List()
                    .Where(r => status is null || string.Equals(r.Status, status, StringComparison.Ordinal))
                    .Where(r => dataset is null || string.Equals(r.Dataset, dataset, StringComparison.Ordinal))
                    .Take(limit).Select(r => new RunNode(r)).ToList();
            });
        Field<RunGraphType>("run")
            .Description("One run by its id; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The server's run id.")
            .Resolve(c => c.RequestServices!.GetRequiredService<RunManager>().Find(c.GetArgument<string>("id")) is { } run ? new RunNode(run) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HistoryRunGraphType>>>>("history")
            .Description("A dataset's recorded runs, newest first (served runs and pipeline runs recorded in the server's history).")
            .Argument<NonNullGraphType<StringGraphType>>("dataset", "The dataset, or an uploaded file's name.")
            .Argument<IntGraphType>("limit", $"At most this many (1 to {MaxItems}, default 30).")
            .Resolve(c =>
            {
                var services = c.RequestServices!;
                if (!services.GetRequiredService<ServeSettings>().RecordHistory)
                    throw new ExecutionError("this server records no run history (--no-history)");
                var root = services.GetRequiredService<ServeRoot>();
                if (!File.Exists(root.History)) return new List<RunRecord>();
                var dataset = c.GetArgument<string>("dataset");
                int limit = Limit(c.GetArgument<int?>("limit"), 30, MaxItems);
                var store = History(services);
                var runs = store.List(dataset, limit);
                // An uploaded file's name (orders_2024-03-01.csv) finds the history it is recorded under (orders).
                if (runs.Count == 0 && SafeNames.IsValid(dataset) && root.Child(root.Datasets, dataset) is { } file && File.Exists(file))
                    runs = store.List(DatasetNames.FromInput(file), limit);
                return runs;
            });
    }

    /// <summary>The server's run history.</summary>
    public static IRunHistory History(IServiceProvider services)
        => new HistorySettings(services.GetRequiredService<ServeRoot>().History).Open();

    /// <summary>A limit argument checked against its range.</summary>
    public static int Limit(int? asked, int fallback, int max)
    {
        int limit = asked ?? fallback;
        if (limit < 1 || limit > max) throw new ExecutionError($"limit: {limit} must be between 1 and {max}");
        return limit;
    }
}
