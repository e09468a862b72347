using System.Globalization;
using Microsoft.AspNetCore.Builder;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Server.Auth;

namespace Pipeline.Server.Http;

/// <summary><c>--rate-limit N</c>: at most N requests a minute per API key (per client address when the server has
/// no keys), with ASP.NET Core's rate limiting middleware; over it, 429 with <c>Retry-After</c>. <c>GET /health</c>
/// is never limited, so a load balancer's probes cannot lock a client out.</summary>
internal static class KeyRateLimit
{
    /// <summary>The window the limit counts in.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Registers the limiter (call <c>UseRateLimiter</c> after the key check, which names the key).</summary>
    public static void Add(IServiceCollection services, int perMinute)
        => services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.Equals("/health", StringComparison.Ordinal)
                    ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = Window, QueueLimit = 0 }));
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Ceiling(after.TotalSeconds) : Window.TotalSeconds;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"more than {perMinute} requests a minute (--rate-limit); retry in {seconds} s");
            };
        });

    // The key's name, never the key; without keys, the client's address.
    private static string PartitionOf(HttpContext context)
        => context.Items[ApiKeyAuthentication.KeyNameItem] is string name ? "key:" + name : "ip:" + context.Connection.RemoteIpAddress;
}
