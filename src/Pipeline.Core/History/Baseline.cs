using System.Globalization;
using Pipeline.Core.Errors;

namespace Pipeline.Core.History;

/// <summary>
/// Which earlier runs a run's drift is measured against: <c>previous</c> (the default: the dataset's newest earlier
/// completed run with a profile that was not itself a one-off outlier in volume), <c>first</c> (the oldest such run),
/// <c>run:ID</c> (one recorded run) or <c>window:N</c> (the last N such runs pooled into one distribution).
/// </summary>
public sealed record Baseline
{
    private Baseline(BaselineKind kind, int window, string? runId) => (Kind, Window, RunId) = (kind, window, runId);

    /// <summary>The default: the previous run.</summary>
    public static Baseline Previous { get; } = new(BaselineKind.Previous, 0, null);

    /// <summary>The oldest recorded run.</summary>
    public static Baseline First { get; } = new(BaselineKind.First, 0, null);

    /// <summary>One recorded run, by id or unambiguous id prefix.</summary>
    public static Baseline Run(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return new(BaselineKind.Run, 0, runId.Trim());
    }

    /// <summary>The last <paramref name="runs"/> runs pooled.</summary>
    public static Baseline Pooled(int runs)
        => runs is >= 1 and <= MaxWindow ? new(BaselineKind.Window, runs, null)
            : throw new PipelineException(PipelineErrorKind.InvalidInput, $"baseline: a window holds 1 to {MaxWindow} runs, not {runs}");

    /// <summary>The largest window.</summary>
    public const int MaxWindow = 365;

    /// <summary>What kind of baseline.</summary>
    public BaselineKind Kind { get; }

    /// <summary>Runs pooled, for <see cref="BaselineKind.Window"/>.</summary>
    public int Window { get; }

    /// <summary>The run id, for <see cref="BaselineKind.Run"/>.</summary>
    public string? RunId { get; }

    /// <summary>Reads <c>previous</c>, <c>first</c>, <c>run:ID</c> or <c>window:N</c> (spaces allowed after the colon).</summary>
    /// <exception cref="PipelineException">Kind InvalidInput: any other text.</exception>
    public static Baseline Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Equals("previous", StringComparison.OrdinalIgnoreCase)) return Previous;
        if (t.Equals("first", StringComparison.OrdinalIgnoreCase)) return First;
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var head = t[..colon].Trim().ToLowerInvariant();
            var tail = t[(colon + 1)..].Trim();
            if (head == "run" && tail.Length > 0) return Run(tail);
            if (head == "window" && int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return Pooled(n);
        }
        throw new PipelineException(PipelineErrorKind.InvalidInput,
            $"baseline: '{text}' is not one of previous, first, run:ID, window:N");
    }

    /// <summary>The text <see cref="Parse"/> reads back.</summary>
    public override string ToString() => Kind switch
    {
        BaselineKind.First => "first",
        BaselineKind.Run => $"run:{RunId}",
        BaselineKind.Window => $"window:{Window.ToString(CultureInfo.InvariantCulture)}",
        _ => "previous",
    };
}

/// <summary>The kinds of <see cref="Baseline"/>.</summary>
public enum BaselineKind
{
    /// <summary>The previous run.</summary>
    Previous,
    /// <summary>The oldest run.</summary>
    First,
    /// <summary>One named run.</summary>
    Run,
    /// <summary>The last N runs pooled.</summary>
    Window,
}
