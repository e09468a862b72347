using System.Net;
using System.Text;
using Pipeline.Core.Errors;
using Pipeline.Databases.Connections;
using Pipeline.Engine.Results;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pipeline.Hosting.Alerts;

/// <summary>
/// Sends a finished run's alerts: for each spec entry whose events the run raised, one POST with retries and
/// exponential backoff (Polly) on connection failures, timeouts, 429 and 5xx answers. Alerts never change the run's
/// status or exit code and are bounded in time (<see cref="AttemptTimeout"/> per request, <see cref="MaxRetries"/>
/// retries); the outcome of each is written to <c>alerts[]</c>. Secrets expanded from <c>${NAME}</c> in the URL or headers
/// are removed from every message, and only the URL's scheme, host and port are reported.
/// </summary>
public sealed class AlertSender
{
    private static readonly HttpClient Shared = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        // Polly's per-attempt timeout bounds each request; the client's own stays out of the way.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Retries after the first request.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay (doubling, with jitter).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one request may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Variable lookup for <c>${NAME}</c>; the process environment when null.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>The alerts due for <paramref name="results"/>, sent; the results with <c>alerts[]</c>.</summary>
    /// <param name="alerts">The spec's alerts.</param>
    /// <param name="results">The finished run's results.</param>
    /// <param name="name">The spec's name, if any.</param>
    /// <param name="cancellationToken">Stops waiting for receivers.</param>
    public async Task<RunResults> SendAsync(IReadOnlyList<AlertSpec> alerts, RunResults results, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(results);
        var raised = AlertEvents.Of(results);
        var outcomes = new List<AlertResult>();
        foreach (var alert in alerts)
        {
            var events = raised.Where(alert.On.Contains).ToList();
            if (events.Count == 0) continue;
            outcomes.Add(await SendOneAsync(alert, events, results, name, cancellationToken).ConfigureAwait(false));
        }
        return outcomes.Count == 0 ? results : results with { Alerts = outcomes };
    }

    private async Task<AlertResult> SendOneAsync(AlertSpec alert, List<string> events, RunResults results, string? name, CancellationToken cancellationToken)
    {
        var secrets = new List<string>();
        string Expand(string text, string what)
        {
            var expanded = ConnectionSecrets.Interpolate(text, what, Environment);
            if (expanded != text) secrets.AddRange(Referenced(text, what));
            return expanded;
        }
        string target = "(invalid)";
        int attempts = 0;
        try
        {
            var url = Expand(alert.Post, "alerts.post");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new PipelineException(PipelineErrorKind.InvalidInput, "alerts.post: not an http(s) URL");
            target = $"{uri.Scheme}://{uri.Authority}";
            var headers = alert.Headers.ToDictionary(h => h.Key, h => Expand(h.Value, $"alerts.headers.{h.Key}"));
            var body = AlertPayload.Render(results, events, alert.Format, name);
            await Pipeline().ExecuteAsync(async token =>
            {
                attempts++;
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
                using var response = await Shared.SendAsync(request, token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new HttpRequestException($"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            }, cancellationToken).ConfigureAwait(false);
            return new AlertResult(target, events, "sent", attempts, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or PipelineException or TaskCanceledException)
        {
            var message = ex is TimeoutRejectedException ? $"no answer within {AttemptTimeout.TotalSeconds:0.#} s" : ex.Message;
            return new AlertResult(target, events, "failed", attempts, ConnectionSecrets.Redact(message, [.. secrets]));
        }
    }

    private ResiliencePipeline Pipeline() => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstDelay,
            // A refused connection, a timeout, too many requests or a server error may pass; a 4xx will not.
            ShouldHandle = new PredicateBuilder().Handle<TimeoutRejectedException>()
                .Handle<HttpRequestException>(e => e.StatusCode is null || e.StatusCode == HttpStatusCode.TooManyRequests || (int)e.StatusCode >= 500),
        })
        .AddTimeout(AttemptTimeout)
        .Build();

    /// <summary>The values of the variables <paramref name="text"/> refers to (they are secrets wherever they appear).</summary>
    private IEnumerable<string> Referenced(string text, string what)
        => System.Text.RegularExpressions.Regex.Matches(text, @"\$\{[A-Za-z_][A-Za-z0-9_]*\}")
            .Select(m => ConnectionSecrets.Interpolate(m.Value, what, Environment)).Where(v => v.Length > 0);
}
