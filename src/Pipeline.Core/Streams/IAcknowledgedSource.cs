namespace Pipeline.Core.Streams;

/// <summary>
/// A source whose system wants to hear that what it delivered is safely stored (a stream with a consumer group).
/// The host calls <see cref="AcknowledgeAsync"/> once, after the run's outputs committed; a run that fails or is
/// cancelled never calls it, so the system delivers the same messages again (at-least-once).
/// </summary>
public interface IAcknowledgedSource : ISource
{
    /// <summary>Acknowledges everything the source's streams delivered.</summary>
    ValueTask AcknowledgeAsync(CancellationToken cancellationToken);
}
