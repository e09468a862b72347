using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Clean;
using Pipeline.Engine.Document;
using Pipeline.Engine.Enrich;
using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Quality;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Running;

/// <summary>
/// The registration of the stages: which parts a spec asks for, in flow order. A new stage adds its part here (and
/// its section to the spec reader); the job and every command that runs a spec pick it up unchanged.
/// </summary>
internal sealed class StageParts
{
    private StageParts(IReadOnlyList<IStagePart> all, ValidationPart validation, QualityPart quality, ProfilePart? profile, HistoryPart? history)
    {
        History = history;
        All = all;
        Validation = validation;
        Quality = quality;
        Profile = profile;
    }

    /// <summary>Every part, in flow order (the order they contribute).</summary>
    public IReadOnlyList<IStagePart> All { get; }

    /// <summary>The validation part (rules-only runs use its own scan).</summary>
    public ValidationPart Validation { get; }

    /// <summary>The quality part (its null counts feed the rules-only scan).</summary>
    public QualityPart Quality { get; }

    /// <summary>The profile part, when the spec asks for a profile.</summary>
    public ProfilePart? Profile { get; }

    /// <summary>The learn stage's comparison with earlier runs, when the run keeps history.</summary>
    public HistoryPart? History { get; }

    /// <summary>The parts of <paramref name="spec"/>, fresh for one run.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="history">Where the run is recorded, or null.</param>
    /// <param name="runId">The run's id in the history.</param>
    /// <param name="store">The history as the run reads it (with its earlier runs already read), or null to open it.</param>
    public static StageParts For(PipelineSpec spec, History.HistorySettings? history = null, string? runId = null, Core.History.IRunHistory? store = null)
    {
        var all = new List<IStagePart>();
        if (spec.Dedup is { } dedup) all.Add(new DedupPart(dedup.Columns, dedup.Keep));
        if (spec.Sort.Count > 0) all.Add(new SortPart(spec.Sort));
        var cleaning = spec.Clean is { Count: > 0 } clean ? new CleaningPart(clean) : null;
        if (cleaning is not null) all.Add(cleaning);
        var validation = new ValidationPart(spec.Rules);
        var quality = new QualityPart(validation, cleaning);
        all.Add(validation);
        all.Add(quality);
        if (spec.Enrich.Count > 0) all.Add(new EnrichPart(spec.Name ?? "main", spec.Enrich));
        var profile = spec.Profile ? new ProfilePart() : null;
        if (profile is not null) all.Add(profile);
        // Learn: compare with earlier runs before the documents, so the report shows what changed.
        HistoryPart? learned = history is null ? null
            : new HistoryPart(store ?? history.Open(), runId ?? HistoryRecords.NewRunId(), history.DatasetFor(spec.Name, spec.Source.Path),
                history.Baseline, history.SeriesLength, profile, spec.Rules, spec.Anomalies);
        if (learned is not null) all.Add(learned);
        if (profile is not null && spec.Report)
            all.Add(new ReportPart(profile, ReportTitle(spec), spec.ColumnDescriptions, spec.DefaultChecks, spec.Rules) { History = learned });
        return new StageParts(all, validation, quality, profile, learned);
    }

    /// <summary>The report's title: the input's file or folder name.</summary>
    private static string ReportTitle(PipelineSpec spec) => Path.GetFileName(spec.Source.Path.TrimEnd('/', '\\', '*'));
}
