using Pipeline.Core.Options;

namespace Pipeline.Hosting.Running.History;

/// <summary>
/// Which history file a command uses, first match wins: <c>--no-history</c>; <c>--history PATH</c>; the spec's
/// <c>options: {history: PATH | false}</c>; <c>PIPELINE_HISTORY</c> (a path, or <c>off</c>); else
/// <c>.pipeline/history.duckdb</c> under the current folder. Only the CLI applies the default: a .NET host passes
/// <see cref="HistorySettings"/> itself, so embedding Pipeline never writes files nobody asked for.
/// </summary>
public static class HistoryLocation
{
    /// <summary>The environment variable naming the history file (or <c>off</c>).</summary>
    public const string EnvironmentVariable = PipelineOptions.EnvironmentPrefix + "HISTORY";

    /// <summary>The default file, relative to the current folder.</summary>
    public static string DefaultPath { get; } = Path.Combine(".pipeline", "history.duckdb");

    /// <summary>The history file, or null when history is off.</summary>
    /// <param name="noHistory"><c>--no-history</c>.</param>
    /// <param name="path"><c>--history PATH</c>, or null.</param>
    /// <param name="spec">The spec's <c>options.history</c>: a path, <see cref="Off"/>, or null when the spec does not say.</param>
    public static string? Resolve(bool noHistory, string? path, string? spec = null)
    {
        if (noHistory) return null;
        if (!string.IsNullOrWhiteSpace(path)) return Path.GetFullPath(path);
        if (spec is not null) return spec == Off ? null : Path.GetFullPath(spec);
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return IsOff(env) ? null : Path.GetFullPath(env);
        return Path.GetFullPath(DefaultPath);
    }

    /// <summary>How a spec's <c>history: false</c> is carried in <see cref="Specs.PipelineSpec.History"/>.</summary>
    public const string Off = "\0off";

    /// <summary>True for the words that turn history off in <c>PIPELINE_HISTORY</c>.</summary>
    public static bool IsOff(string value) => value.Trim().ToLowerInvariant() is "off" or "false" or "0" or "none" or "no";
}
