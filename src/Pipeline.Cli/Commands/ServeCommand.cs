using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Options;
using Pipeline.Server;
using Pipeline.Server.Auth;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline serve</c>: the HTTP service (docs/serve.md); <c>serve keys add|list|revoke</c> manage its API
/// keys.</summary>
internal static class ServeCommand
{
    /// <summary>The keys file used when <c>--api-keys</c> is not given (beside the run history's <c>.pipeline/</c>).</summary>
    public const string DefaultKeysFile = ".pipeline/api-keys.json";

    public static Command Create()
    {
        var keysFile = new Option<string?>("--api-keys") { Description = $"API keys file (default: {DefaultKeysFile} in the current folder, used by serve when it exists). With keys, every endpoint but GET /health needs 'Authorization: Bearer KEY'.", Recursive = true };
        var listen = new Option<string>("--listen") { Description = "IP:PORT to listen on (default 127.0.0.1:8080, loopback only). A non-loopback address needs an API keys file with at least one key.", DefaultValueFactory = _ => ServeSettings.DefaultListen };
        var root = new Option<string>("--root") { Description = "The folder that holds datasets/, specs/ and runs/ (default ./serve); the server reads and writes nothing outside it.", DefaultValueFactory = _ => "serve" };
        var maxRuns = new Option<int>("--max-concurrent-runs") { Description = "Runs executed at the same time (default 2); more wait in a queue.", DefaultValueFactory = _ => 2 };
        var maxUpload = new Option<string>("--max-upload") { Description = "Largest dataset upload, e.g. 512MiB (default 1GiB).", DefaultValueFactory = _ => "1GiB" };
        var rateLimit = new Option<int>("--rate-limit") { Description = "Requests a minute per API key (per client address without keys); over it, 429. Default 0: no limit." };
        var shutdown = new Option<int>("--shutdown-timeout") { Description = "Seconds running runs may take to finish after SIGTERM or Ctrl-C before they are cancelled (default 30).", DefaultValueFactory = _ => 30 };
        var memory = new Option<string?>("--memory-limit") { Description = "Memory budget all runs share, e.g. 4GiB (default: half of available memory); each running run gets budget / --max-concurrent-runs." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "TLS certificate (PEM); with --tls-key the server speaks HTTPS only (HTTP/1.1 and HTTP/2)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "The certificate's private key (PEM, unencrypted PKCS#8, RSA or EC); must lie outside --root." };
        var flightListen = new Option<string?>("--flight-listen") { Description = "IP:PORT for Arrow Flight (gRPC, HTTP/2 only) beside --listen, e.g. 127.0.0.1:8815. With --tls-cert, Flight is also served on --listen." };
        var noHistory = new Option<bool>("--no-history") { Description = "Do not record served runs in the run history (ROOT/history.duckdb; docs/history.md)." };
        var command = new Command("serve", "Serve Pipeline over HTTP: upload datasets, submit runs, fetch results, reports and outputs, scrape /metrics (docs/serve.md).")
        {
            keysFile, listen, root, maxRuns, maxUpload, rateLimit, shutdown, memory, tlsCert, tlsKey, noHistory, flightListen,
        };
        command.SetAction(async (parse, ct) =>
        {
            var keys = parse.GetValue(keysFile) ?? (File.Exists(DefaultKeysFile) ? DefaultKeysFile : null);
            var settings = new ServeSettings
            {
                Listen = parse.GetValue(listen)!, Root = parse.GetValue(root)!, ApiKeysFile = keys,
                MaxConcurrentRuns = parse.GetValue(maxRuns), MaxUploadBytes = ByteSize.Parse(parse.GetValue(maxUpload)!),
                MemoryLimit = parse.GetValue(memory) is { } m ? ByteSize.Parse(m) : null, RateLimitPerMinute = parse.GetValue(rateLimit),
                ShutdownTimeout = TimeSpan.FromSeconds(parse.GetValue(shutdown)),
                TlsCertificateFile = parse.GetValue(tlsCert), TlsKeyFile = parse.GetValue(tlsKey),
                RecordHistory = !parse.GetValue(noHistory), FlightListen = parse.GetValue(flightListen),
            };
            await using var server = await PipelineServer.StartAsync(settings, ServeLogging.ToStandardError, ct);
            ErrorOutput.Info($"pipeline: serving {server.Address}{(server.FlightAddress is { } f ? $", Arrow Flight at {f}" : "")} (root {server.Root}; API keys {(keys is null ? "off: loopback only" : "from " + Path.GetFullPath(keys))})");
            await server.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(Keys(keysFile));
        return command;
    }

    private static Command Keys(Option<string?> keysFile)
    {
        var command = new Command("keys", "Manage the API keys of pipeline serve (only salted hashes are stored).");
        var addName = new Argument<string>("name") { Description = "A name for the key (who or what uses it)." };
        var add = new Command("add", "Add a key; it is printed once, as the last line of stdout, and cannot be shown again.") { addName };
        add.SetAction(parse =>
        {
            var path = parse.GetValue(keysFile) ?? DefaultKeysFile;
            var key = ApiKeyStore.Open(path, mustExist: false).Add(parse.GetValue(addName)!);
            ErrorOutput.Info($"pipeline: key '{parse.GetValue(addName)}' added to {Path.GetFullPath(path)}; store it now, it is not shown again");
            Console.Out.WriteLine(key);
            return ExitCodes.Ok;
        });
        var list = new Command("list", "List the keys: name, when added, whether revoked (never the keys).");
        list.SetAction(parse =>
        {
            var path = parse.GetValue(keysFile) ?? DefaultKeysFile;
            foreach (var k in ApiKeyStore.Open(path, mustExist: true).List())
                Console.Out.WriteLine(string.Join('\t', k.Name, k.Created.ToString("u", CultureInfo.InvariantCulture),
                    k.Revoked is { } r ? "revoked " + r.ToString("u", CultureInfo.InvariantCulture) : "valid"));
            return ExitCodes.Ok;
        });
        var revokeName = new Argument<string>("name") { Description = "The key to revoke." };
        var revoke = new Command("revoke", "Revoke a key: requests with it get 403 from the next request on.") { revokeName };
        revoke.SetAction(parse =>
        {
            var path = parse.GetValue(keysFile) ?? DefaultKeysFile;
            ApiKeyStore.Open(path, mustExist: true).Revoke(parse.GetValue(revokeName)!);
            ErrorOutput.Info($"pipeline: key '{parse.GetValue(revokeName)}' revoked");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }
}
