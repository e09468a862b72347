namespace Pipeline.Engine.Results;

/// <summary>One alert a run sent, or tried to (<c>alerts[]</c>).</summary>
/// <param name="Target">Where it went, without path or query (webhook URLs carry secrets): <c>scheme://host:port</c>.</param>
/// <param name="Events">The run's events the alert was for (<c>checks_failed</c>, <c>drift</c>, <c>anomaly</c>,
/// <c>schema_change</c>, <c>error</c>).</param>
/// <param name="Status"><c>sent</c>, or <c>failed</c> after its retries (a failed alert never changes the run's status).</param>
/// <param name="Attempts">Requests made.</param>
/// <param name="Error">Why it failed, secrets removed; null when sent.</param>
public sealed record AlertResult(string Target, IReadOnlyList<string> Events, string Status, int Attempts, string? Error);
