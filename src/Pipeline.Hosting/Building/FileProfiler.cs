using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Building;

/// <summary>Profiles files, folders and globs: <c>await FileProfiler.ProfileAsync("data.parquet")</c> (any source:
/// <see cref="Profiler.ProfileAsync"/>).</summary>
public static class FileProfiler
{
    /// <summary>Profiles a file, folder or glob in one streaming pass on all cores.</summary>
    /// <exception cref="Core.Errors.PipelineException">The input cannot be read.</exception>
    public static Task<ProfileReport> ProfileAsync(string path, SourceOptions? source = null, ProfileOptions? options = null,
        PipelineOptions? engine = null, CancellationToken cancellationToken = default)
        => Profiler.ProfileAsync(FileFormats.OpenSource(path, source), path, options, engine, cancellationToken);
}
