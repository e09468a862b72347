using Pipeline.Core.Options;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Specs;

/// <summary>
/// The default pipeline of <c>pipeline run DATA</c> (no spec): read the file, folder or glob, profile it, apply the
/// default warn-severity checks, and write insights, narratives, <c>report.html</c> and <c>dictionary.md</c>. Nothing
/// is written besides the run folder.
/// </summary>
public static class DefaultSpec
{
    /// <summary>True when <paramref name="argument"/> names a spec (<c>.yaml</c> / <c>.yml</c>) rather than data.</summary>
    public static bool IsSpecPath(string argument)
        => argument.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || argument.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The default pipeline over a data file, folder or glob.</summary>
    public static PipelineSpec For(string dataPath, PipelineOptions options, SourceOptions? source = null)
        => new(Connectors.Addresses.Source(dataPath == "-" || Connectors.Addresses.IsUri(dataPath) ? dataPath : Path.GetFullPath(dataPath), source ?? new SourceOptions()), [], options)
        {
            Profile = true,
            Report = true,
            DefaultChecks = true,
        };
}
