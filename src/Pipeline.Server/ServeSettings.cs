namespace Pipeline.Server;

/// <summary>How <c>pipeline serve</c> runs: where it listens, the folder it owns, its keys and its limits.</summary>
public sealed record ServeSettings
{
    /// <summary>The default listen address: loopback only, so nothing is exposed by accident.</summary>
    public const string DefaultListen = "127.0.0.1:8080";

    /// <summary>The address to listen on, <c>IP:PORT</c> (<c>[::1]:PORT</c> for IPv6, <c>localhost:PORT</c>); port 0
    /// picks a free port (see <see cref="PipelineServer.Address"/>).</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>A second address for Arrow Flight (gRPC, HTTP/2 only; <c>--flight-listen</c>), or null. Flight needs
    /// HTTP/2, which plain HTTP offers only on a port that speaks nothing else; with TLS, Flight is also served on
    /// <see cref="Listen"/> (HTTP/2 chosen by ALPN). Checked like <see cref="Listen"/>: beyond loopback only with keys.</summary>
    public string? FlightListen { get; init; }

    /// <summary>The folder that holds <c>datasets/</c>, <c>specs/</c> and <c>runs/</c>; the server reads and writes
    /// nothing outside it. Created when missing.</summary>
    public string Root { get; init; } = "serve";

    /// <summary>The API keys file (<c>pipeline serve keys add</c>); null serves without keys, which is allowed on
    /// loopback only.</summary>
    public string? ApiKeysFile { get; init; }

    /// <summary>Runs executed at the same time; later ones wait in a queue. Default 2.</summary>
    public int MaxConcurrentRuns { get; init; } = 2;

    /// <summary>The largest dataset upload in bytes. Default 1 GiB.</summary>
    public long MaxUploadBytes { get; init; } = 1L << 30;

    /// <summary>Requests a minute per API key (per client address without keys); 0 (the default) sets no limit.</summary>
    public int RateLimitPerMinute { get; init; }

    /// <summary>At shutdown, how long running runs may take to finish before they are cancelled. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Record served runs in the run history (<c>ROOT/history.duckdb</c>, docs/history.md); false with
    /// <c>--no-history</c>. A spec's own <c>options.history</c> (inside the root, or <c>false</c>) still wins.</summary>
    public bool RecordHistory { get; init; } = true;

    /// <summary>The TLS certificate (PEM, <c>--tls-cert</c>); with <see cref="TlsKeyFile"/>, the server speaks HTTPS
    /// only (HTTP/1.1 and HTTP/2 by ALPN). Null serves plain HTTP.</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>The certificate's private key (PEM, <c>--tls-key</c>; PKCS#8, RSA or EC, unencrypted).</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>The memory budget all runs share (bytes); each running run gets an equal share
    /// (budget / <see cref="MaxConcurrentRuns"/>). Null uses the engine's default budget.</summary>
    public long? MemoryLimit { get; init; }
}
