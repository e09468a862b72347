using Pipeline.Core.Streams;

namespace Pipeline.Core.Connectors;

/// <summary>
/// A system addressed by URI (<c>mysql://</c>, <c>redis://</c>): parses its options from a
/// <see cref="ConnectorAddress"/>, opens a source that streams Arrow batches in bounded memory, describes the
/// schema, and, where the system is a sensible destination, creates a sink. Connectors are found through
/// <see cref="ConnectorRegistry"/> by scheme; each lives in its own folder or assembly with its driver.
/// </summary>
public interface IConnector
{
    /// <summary>The system's name for messages and docs (<c>MySQL</c>).</summary>
    string Name { get; }

    /// <summary>The URI schemes this connector answers (lower case).</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>True when <see cref="CreateSink"/> is supported.</summary>
    bool CanWrite { get; }

    /// <summary>A source for the address. Nothing is read before the stream's first pull (the server may be
    /// contacted when the stream opens, to learn the schema).</summary>
    /// <exception cref="Errors.PipelineException">The address is malformed (unknown option, missing table).</exception>
    ISource CreateSource(ConnectorAddress address);

    /// <summary>A sink for the address.</summary>
    /// <exception cref="Errors.PipelineException">The connector writes nowhere, or the address is malformed.</exception>
    ISink CreateSink(ConnectorAddress address);

    /// <summary>The schema the source would produce and how many rows the system estimates, without reading the data.</summary>
    ValueTask<ConnectorFacts> DescribeAsync(ConnectorAddress address, CancellationToken cancellationToken);
}

/// <summary>What <c>pipeline schema URI</c> shows for a connector.</summary>
/// <param name="Schema">The Arrow schema of the source.</param>
/// <param name="EstimatedRows">Rows the system estimates (table statistics, key counts, stream length), or null.</param>
/// <param name="Notes">Other facts, e.g. <c>estimate: information_schema.tables</c>.</param>
public sealed record ConnectorFacts(Apache.Arrow.Schema Schema, long? EstimatedRows, IReadOnlyDictionary<string, string> Notes);
