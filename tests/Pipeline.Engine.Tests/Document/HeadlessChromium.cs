using System.Diagnostics;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Runs headless Chromium with the network switched off (every host resolves to nothing), a throwaway
/// profile folder, and no background services.</summary>
internal static class HeadlessChromium
{
    public static string Executable =>
        new[] { "chromium", "chromium-browser", "google-chrome" }.Select(Find).FirstOrDefault(p => p is not null)
        ?? throw new InvalidOperationException("headless Chromium not found: install it with `apt-get install chromium` (.ci/run does)");

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string userDataDir, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                     "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={userDataDir}"])
            start.ArgumentList.Add(flag);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException("chromium did not finish in 90 s"); }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? Find(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
