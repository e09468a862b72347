using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using HttpProtocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Pipeline.Core.Errors;
using Pipeline.Server.Auth;
using Pipeline.Server.Datasets;
using Pipeline.Server.Http;
using Pipeline.Server.Metrics;
using Pipeline.Server.Runs;
using Pipeline.Server.Storage;

namespace Pipeline.Server;

/// <summary>
/// <c>pipeline serve</c>: Kestrel with the dataset, run, health, metrics and OpenAPI endpoints over a serve root.
/// Start it with <see cref="StartAsync"/>; it listens until <see cref="StopAsync"/> (or disposal), and on the way
/// down cancels the runs still going.
/// </summary>
public sealed class PipelineServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PipelineServer(WebApplication app, Uri address, string root)
    {
        _app = app;
        Address = address;
        Root = root;
    }

    /// <summary>The address it listens on (with the real port when the settings asked for port 0).</summary>
    public Uri Address { get; }

    /// <summary>Where Arrow Flight clients connect (<c>grpc://</c> is this address with http, <c>grpc+tls://</c> with
    /// https): the <c>--flight-listen</c> address, else with TLS the main address; null when Flight is not reachable
    /// (plain HTTP without <c>--flight-listen</c>).</summary>
    public Uri? FlightAddress { get; private init; }

    /// <summary>The serve root, absolute, links resolved.</summary>
    public string Root { get; }

    /// <summary>Checks the settings, opens the root and starts listening.</summary>
    /// <param name="settings">Where to listen, the root, keys and limits.</param>
    /// <param name="logging">Adds log providers (the CLI logs to stderr); null logs nothing.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="PipelineException">Bad settings, or a non-loopback address without an API key (InvalidInput).</exception>
    public static async Task<PipelineServer> StartAsync(ServeSettings settings, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = ListenAddress.Parse(settings.Listen);
        var flightEndpoint = settings.FlightListen is { } flightListen ? ListenAddress.Parse(flightListen, "--flight-listen") : null;
        if (settings.MaxConcurrentRuns < 1) throw new PipelineException(PipelineErrorKind.InvalidInput, $"--max-concurrent-runs: {settings.MaxConcurrentRuns} must be at least 1");
        if (settings.ShutdownTimeout < TimeSpan.Zero) throw new PipelineException(PipelineErrorKind.InvalidInput, $"--shutdown-timeout: {settings.ShutdownTimeout.TotalSeconds} s must be 0 or more");
        if (settings.RateLimitPerMinute < 0) throw new PipelineException(PipelineErrorKind.InvalidInput, $"--rate-limit: {settings.RateLimitPerMinute} must be 0 (no limit) or more");
        if (settings.MaxUploadBytes < 1) throw new PipelineException(PipelineErrorKind.InvalidInput, $"--max-upload: {settings.MaxUploadBytes} must be at least 1 byte");
        var keys = settings.ApiKeysFile is { } file ? ApiKeyStore.Open(file, mustExist: true) : null;
        foreach (var (option, address, text) in new[] { ("--listen", endpoint, settings.Listen), ("--flight-listen", flightEndpoint, settings.FlightListen) })
            if (address is not null && !ListenAddress.IsLoopback(address) && (keys is null || keys.ActiveCount == 0))
                throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{option} {text}: refusing to listen beyond this machine without API keys; " +
                (keys is null ? "pass --api-keys FILE" : $"{settings.ApiKeysFile} holds no valid key; add one") +
                " (create a key with 'pipeline serve keys add NAME --api-keys FILE'), or listen on 127.0.0.1");
        var root = ServeRoot.Open(settings.Root);
        // A spec may read any file inside the root: the keys file (hashes, but still) must not be one of them.
        if (settings.ApiKeysFile is { } keysPath && root.Contains(keysPath))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"--api-keys {keysPath}: the keys file must be outside the serve root ({root.Path}), where no run can read it");
        // The same for the private key: a spec reading it as a CSV would serve it back as an output.
        if (settings.TlsKeyFile is { } tlsKey && root.Contains(tlsKey))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"--tls-key {tlsKey}: the private key must be outside the serve root ({root.Path}), where no run can read it");
        var certificate = TlsCertificate.Load(settings.TlsCertificateFile, settings.TlsKeyFile);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root.Path });
        // Settings come from the command line only: an appsettings.json or ASPNETCORE_/Kestrel__ variables could
        // otherwise add endpoints (a non-loopback one past the key check above) or change limits.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint, listen =>
            {
                // With TLS, HTTP/1.1 and HTTP/2 share the port (chosen by ALPN); plain HTTP stays HTTP/1.1.
                if (certificate is not null) listen.UseHttps(certificate);
            });
            // Flight's own port: HTTP/2 only, which is how plain-text gRPC is spoken (with TLS, ALPN picks it).
            if (flightEndpoint is not null)
                k.Listen(flightEndpoint, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    if (certificate is not null) listen.UseHttps(certificate);
                });
            k.AddServerHeader = false;
            // Uploads raise their own limit per request (--max-upload); every other body stays small.
            k.Limits.MaxRequestBodySize = RunEndpoints.MaxSpecBytes + 1;
        });
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(root);
        services.AddSingleton(new DatasetStore(root, settings.MaxUploadBytes));
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<RunManager>();
        services.AddHostedService<RunDrain>();
        // The host waits for the drain: the grace for running runs, plus time for cancelled ones to stop.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout + TimeSpan.FromSeconds(30));
        if (keys is not null) services.AddSingleton(keys);
        // snake_case, as in results.json, so a client reads one naming style everywhere.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        services.AddProblemDetails();
        if (settings.RateLimitPerMinute > 0) KeyRateLimit.Add(services, settings.RateLimitPerMinute);
        services.AddOpenApi();
        services.AddGrpc(o =>
        {
            // One DoPut message (a record batch) may be this big; the whole upload is limited by --max-upload.
            o.MaxReceiveMessageSize = Flight.FlightLimits.MaxReceiveMessageBytes;
            // Arrow headers a client streams in are checked before Apache.Arrow decodes them.
            o.Interceptors.Add<Flight.FlightMessageCheck>();
            o.MaxSendMessageSize = null;
        }).AddFlightServer<Flight.PipelineFlightServer>();
        services.AddOpenTelemetry().WithMetrics(m => m
            // The runs' own numbers (rows per stage, rule failures, spill; docs/history.md#monitoring) beside the server's.
            .AddMeter(ServerMetrics.MeterName, Core.Metrics.PipelineTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            // Scrapes see the counts of now, not of a cached scrape.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleErrorAsync });
        if (keys is not null) app.Use(new ApiKeyAuthentication(keys).InvokeAsync);
        if (settings.RateLimitPerMinute > 0) app.UseRateLimiter();
        app.UseWebSockets();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).WithName("Health").WithSummary("Liveness; needs no key");
        DatasetEndpoints.Map(app);
        RunEndpoints.Map(app);
        RunEventEndpoints.Map(app);
        History.HistoryEndpoints.Map(app);
        GraphQl.GraphQlEndpoint.Map(app);
        app.MapFlightEndpoint();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi.json");

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        // Addresses in the order the endpoints were added: the main one, then Flight's.
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        var flight = flightEndpoint is not null ? bound[1] : certificate is not null ? bound[0] : null;
        return new PipelineServer(app, bound[0], root.Path) { FlightAddress = flight };
    }

    /// <summary>Waits until the server is stopped (SIGTERM, Ctrl-C, or <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening and cancels the runs still going.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Anything an endpoint did not turn into a problem itself: bad input is 400 with its message, the rest
    /// 500 with a message that exposes no internals.</summary>
    private static Task HandleErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        return error switch
        {
            BadHttpRequestException bad => Problems.WriteAsync(context, bad.StatusCode, "Bad request", bad.Message),
            PipelineException { IsUserError: true } p => Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request", p.Message),
            _ => Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error",
                "the server failed to handle the request; its log has the details"),
        };
    }
}
