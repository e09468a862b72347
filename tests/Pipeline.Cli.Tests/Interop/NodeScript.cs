using System.Diagnostics;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests.Interop;

/// <summary>Runs the apache-arrow (JavaScript) scripts in <c>tests/interop/js</c> with <c>node</c>. They need
/// <c>npm ci</c> in that folder first (<c>.ci/run</c> does it); without node or the package the tests fail saying so.</summary>
internal static class NodeScript
{
    public static string Folder { get; } = Path.Combine(Corpus.RepositoryRoot, "tests", "interop", "js");

    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
    }

    public static async Task<Result> RunAsync(string script, IReadOnlyList<string> args, byte[]? stdin = null)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "apache-arrow")))
            throw new InvalidOperationException($"apache-arrow is not installed: run `npm ci` in {Folder} (.ci/run does)");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        start.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node (Node.js 20) is not on PATH; the cross-language tests need it", ex);
        }
        using (process)
        {
            var stdout = new MemoryStream();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var readErr = process.StandardError.ReadToEndAsync();
            if (stdin is not null) await process.StandardInput.BaseStream.WriteAsync(stdin);
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {script} did not finish in 60 s");
            }
            await copyOut;
            return new Result(process.ExitCode, stdout.ToArray(), await readErr);
        }
    }
}
