using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>One whole process, timed from the outside: wall clock around it and its peak resident set as
/// <c>/usr/bin/time</c> reports it (the kernel's maximum RSS of the process and its children).</summary>
/// <param name="Seconds">Wall time of the process.</param>
/// <param name="PeakRssBytes">Maximum resident set size.</param>
/// <param name="ExitCode">The command's exit status.</param>
/// <param name="Output">What the command wrote on stdout.</param>
public sealed record ProcessRun(double Seconds, long PeakRssBytes, int ExitCode, string Output)
{
    private const string Time = "/usr/bin/time";

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> under <c>/usr/bin/time -f %M</c>;
    /// stderr goes to a scratch file whose last line is time's report.</summary>
    /// <exception cref="InvalidOperationException">/usr/bin/time is missing (Debian package <c>time</c>).</exception>
    public static ProcessRun Start(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        if (!File.Exists(Time)) throw new InvalidOperationException($"{Time} is missing: apt-get install -y time");
        var errors = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo(Time) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
            foreach (var a in (string[])["-o", errors, "-f", "%M", file, .. arguments]) info.ArgumentList.Add(a);
            info.Environment["DOTNET_gcServer"] = null; // each engine's own default, as a user would run it
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            double seconds = watch.Elapsed.TotalSeconds;
            var last = File.ReadAllLines(errors).LastOrDefault(l => l.Trim().All(char.IsAsciiDigit) && l.Trim().Length > 0);
            long kb = last is null ? 0 : long.Parse(last.Trim(), CultureInfo.InvariantCulture);
            return new ProcessRun(seconds, kb * 1024, process.ExitCode, output);
        }
        finally { File.Delete(errors); }
    }

    /// <summary>The stderr of a failed run is lost with the scratch file; callers rerun by hand to see it.</summary>
    public void EnsureSucceeded(string what)
    {
        if (ExitCode != 0) throw new InvalidOperationException($"{what} exited with {ExitCode}");
    }
}
