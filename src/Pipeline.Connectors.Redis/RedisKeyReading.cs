namespace Pipeline.Connectors.Redis;

/// <summary>How the values of <c>redis://</c> keys become columns (<c>?type=</c>).</summary>
internal enum RedisValueKind
{
    /// <summary>A hash per key: one column per field.</summary>
    Hash,
    /// <summary>A string per key: one <c>value</c> column.</summary>
    String,
    /// <summary>A string holding a JSON object per key: one column per top-level property (values as text; nested
    /// objects and arrays as their JSON).</summary>
    Json,
}

/// <summary>The options of a <c>redis://</c> source.</summary>
/// <param name="Pattern">The SCAN MATCH pattern (<c>?keys=</c>, default <c>*</c>).</param>
/// <param name="Kind">How values become columns (<c>?type=</c>).</param>
/// <param name="PageSize">SCAN COUNT and the keys fetched per round trip (<c>?count=</c>).</param>
/// <param name="Fields">The columns to read (<c>?fields=a,b</c>); null infers them from the first
/// <paramref name="Sample"/> keys.</param>
/// <param name="Sample">Keys read to infer the columns (<c>?sample=</c>).</param>
internal sealed record RedisKeyOptions(string Pattern, RedisValueKind Kind, int PageSize, IReadOnlyList<string>? Fields, int Sample);
