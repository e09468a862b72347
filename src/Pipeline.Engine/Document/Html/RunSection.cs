using System.Globalization;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Html;

/// <summary>The run's inputs and outputs, engine options and per-stage timings.</summary>
internal static class RunSection
{
    public static string Render(ReportModel m)
    {
        var r = m.Run;
        var html = new HtmlWriter();
        html.Raw("<h3>Inputs</h3>").Table(["path", "format", "bytes", "sha256"],
            r.Inputs.Select(i => (IReadOnlyList<string>)[i.Path, i.Format, i.Bytes is { } b ? Count(b) : "", Identity(i)]), 50);
        if (r.Outputs.Count > 0)
            html.Raw("<h3>Outputs</h3>").Table(["path", "format", "bytes"], r.Outputs.Select(o => (IReadOnlyList<string>)[o.Path, o.Format, Count(o.Bytes)]), 50);
        var o = r.Options;
        html.Raw("<h3>Options</h3>").Table(["option", "value"],
        [
            ["command", r.Command], ["spec", r.Spec ?? "(none: default pipeline)"],
            ["batch_size", Count(o.BatchSize)], ["parallelism", o.Parallelism.ToString(CultureInfo.InvariantCulture)],
            ["memory_limit_bytes", Count(o.MemoryLimitBytes)], ["inference_sample_rows", Count(o.InferenceSampleRows)], ["type_mismatch", o.TypeMismatch],
            ["input_hash", o.InputHash],
        ]);
        html.Raw("<h3>Timings</h3>").Table(["stage", "kind", "rows in", "rows out", "seconds", "batches"],
            r.Stages.Select(s => (IReadOnlyList<string>)[s.Name, s.Kind, Count(s.RowsIn), Count(s.RowsOut), s.Seconds.ToString("0.000", CultureInfo.InvariantCulture), Count(s.Batches)]), 50);
        html.Raw("<p class=\"note\">").Text($"Started {r.StartedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}, {Num(r.DurationSeconds, 3)} s in all.").Raw("</p>");
        return html.ToString();
    }

    /// <summary>The input's SHA-256, or its fingerprint labelled as such (it is not a content hash).</summary>
    private static string Identity(Results.InputResult input)
        => input.Sha256 is { } h ? Short(h) : input.Fingerprint is { } f ? "fingerprint " + Short(f) : "";

    private static string Short(string hex) => hex[..Math.Min(16, hex.Length)] + "…";
}
