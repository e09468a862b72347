namespace Pipeline.Connectors.Redis;

/// <summary>The options of a <c>redis-stream://</c> source.</summary>
/// <param name="Stream">The stream key (<c>?stream=</c>).</param>
/// <param name="Group">The consumer group (<c>?group=</c>), created at <paramref name="Start"/> when missing.</param>
/// <param name="Consumer">This reader's consumer name in the group (<c>?consumer=</c>, default <c>pipeline</c>).</param>
/// <param name="Start">Where a new group starts: <c>0</c> (the whole stream, default) or <c>$</c> (new messages only).</param>
/// <param name="Count">Messages per XREADGROUP (<c>?count=</c>).</param>
/// <param name="MaxMessages">Stop after this many messages (<c>?max_messages=</c>); null for no limit.</param>
/// <param name="MaxSeconds">Stop after this many seconds (<c>?max_seconds=</c>), waiting for new messages until
/// then; null stops as soon as the group has read everything.</param>
/// <param name="Fields">The columns besides <c>id</c> (<c>?fields=a,b</c>); null infers them from the first read.</param>
internal sealed record RedisStreamOptions(string Stream, string Group, string Consumer, string Start, int Count,
    long? MaxMessages, double? MaxSeconds, IReadOnlyList<string>? Fields);
