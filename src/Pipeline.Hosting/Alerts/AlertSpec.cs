namespace Pipeline.Hosting.Alerts;

/// <summary>One entry of a spec's <c>alerts:</c>: post to a webhook when the run raises any of some events.</summary>
/// <param name="On">The events that trigger it (see <see cref="AlertEvents.All"/>).</param>
/// <param name="Post">The webhook URL as written (may hold <c>${NAME}</c> references, expanded when sent).</param>
/// <param name="Format"><c>json</c> (the run's findings) or <c>slack</c> (a Slack-compatible <c>{"text": ...}</c>).</param>
/// <param name="Headers">Extra request headers as written (values may hold <c>${NAME}</c>).</param>
public sealed record AlertSpec(IReadOnlyList<string> On, string Post, string Format, IReadOnlyDictionary<string, string> Headers);
