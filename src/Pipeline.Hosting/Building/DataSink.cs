using Pipeline.Core.Streams;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Building;

/// <summary>
/// Where a <see cref="DataPipeline"/> writes: a file the engine creates from a path (format from the extension or the
/// options), or an in-code <see cref="ISink"/> (a database table, a host's consumer). Build one with <see cref="Sink"/>.
/// </summary>
public sealed class DataSink
{
    private DataSink(SinkSpec? spec, ISink? custom)
    {
        Spec = spec;
        Custom = custom;
    }

    /// <summary>The output path and writer settings, or null for an in-code sink.</summary>
    public SinkSpec? Spec { get; }

    /// <summary>The in-code sink, or null for a path.</summary>
    public ISink? Custom { get; }

    /// <summary>A file output.</summary>
    internal static DataSink ForPath(SinkSpec spec) => new(spec, null);

    /// <summary>An in-code output.</summary>
    internal static DataSink ForSink(ISink sink) => new(null, sink);
}
