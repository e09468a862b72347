using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Pipeline.Server.Tests;

/// <summary><c>pipeline serve</c> and <c>pipeline serve keys</c> through the real executable.</summary>
public sealed partial class CliServeTests
{
    [Fact]
    public async Task Serve_refuses_a_non_loopback_address_without_keys_with_exit_2()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            var (code, _, stderr) = await RunAsync(folder, "serve", "--listen", "0.0.0.0:0", "--root", "r");
            Assert.Equal(2, code);
            Assert.Contains("refusing to listen beyond this machine without API keys", stderr);
            var (badCode, _, badErr) = await RunAsync(folder, "serve", "--listen", "nowhere");
            Assert.Equal(2, badCode);
            Assert.Contains("--listen: 'nowhere' must be IP:PORT", badErr);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Keys_add_prints_the_key_once_list_shows_names_and_revoke_marks_them()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            var (code, stdout, _) = await RunAsync(folder, "serve", "keys", "add", "ci", "--api-keys", "keys.json");
            Assert.Equal(0, code);
            var key = stdout.TrimEnd().Split('\n')[^1];
            Assert.Matches("^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
            var file = await File.ReadAllTextAsync(Path.Combine(folder, "keys.json"));
            Assert.DoesNotContain(key[(key.IndexOf('_', 3) + 1)..], file);

            // The default file (.pipeline/api-keys.json) is used when --api-keys is not given.
            Assert.Equal(0, (await RunAsync(folder, "serve", "keys", "add", "other")).Code);
            Assert.True(File.Exists(Path.Combine(folder, ".pipeline", "api-keys.json")));

            Assert.Equal(2, (await RunAsync(folder, "serve", "keys", "add", "ci", "--api-keys", "keys.json")).Code);
            Assert.Equal(0, (await RunAsync(folder, "serve", "keys", "revoke", "ci", "--api-keys", "keys.json")).Code);
            var (_, list, _) = await RunAsync(folder, "serve", "keys", "list", "--api-keys", "keys.json");
            Assert.Matches("^ci\t[^\t]+\trevoked ", list);
            Assert.DoesNotContain("pk_", list);
            var (missing, _, err) = await RunAsync(folder, "serve", "keys", "revoke", "nobody", "--api-keys", "keys.json");
            Assert.Equal(2, missing);
            Assert.Contains("no valid key named 'nobody'", err);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Serve_answers_with_a_key_and_stops_cleanly_on_sigterm()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            var key = (await RunAsync(folder, "serve", "keys", "add", "ci")).Stdout.TrimEnd().Split('\n')[^1];
            using var process = Process.Start(StartInfo(folder, "serve", "--listen", "127.0.0.1:0", "--root", "served"))!;
            var stderr = new System.Text.StringBuilder();
            var address = new TaskCompletionSource<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stderr) stderr.AppendLine(e.Data);
                if (ServingLine().Match(e.Data) is { Success: true } m) address.TrySetResult(m.Groups[1].Value);
            };
            process.BeginErrorReadLine();
            try
            {
                var url = await address.Task.WaitAsync(TimeSpan.FromSeconds(30));
                using var client = new HttpClient { BaseAddress = new Uri(url) };
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
                // The default keys file exists, so serve uses it.
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/runs")).StatusCode);
                client.DefaultRequestHeaders.Authorization = new("Bearer", key);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/runs")).StatusCode);
                Assert.True(Directory.Exists(Path.Combine(folder, "served", "datasets")));

                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, process.ExitCode);
                string log;
                lock (stderr) log = stderr.ToString();
                Assert.DoesNotContain(key, log);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [GeneratedRegex(@"pipeline: serving (http://\S+?)/? \(")]
    private static partial Regex ServingLine();

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string folder, params string[] args)
    {
        using var process = Process.Start(StartInfo(folder, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo StartInfo(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        return start;
    }
}
