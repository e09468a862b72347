using Pipeline.Core.Streams;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Building;

/// <summary>
/// What a <see cref="DataPipeline"/> reads: a path the engine opens itself (with format detection, restarts after a
/// wrong sniff and input hashing), or an in-code <see cref="ISource"/> (host batches, a database query). Build one with
/// <see cref="Source"/>.
/// </summary>
public sealed class DataSource
{
    private DataSource(SourceSpec spec, ISource? custom)
    {
        Spec = spec;
        Custom = custom;
    }

    /// <summary>The path and reader settings; for an in-code source the path is only its label in <c>results.json</c>.</summary>
    public SourceSpec Spec { get; }

    /// <summary>The in-code source, or null when the engine opens <see cref="Spec"/>'s path.</summary>
    public ISource? Custom { get; }

    /// <summary>A source the engine opens from a path.</summary>
    internal static DataSource ForPath(SourceSpec spec) => new(spec, null);

    /// <summary>An in-code source recorded under <paramref name="label"/>.</summary>
    internal static DataSource ForSource(ISource source, string label) => new(new SourceSpec(label, new IO.Formats.SourceOptions()), source);
}
