namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>
/// The machine's shared build lock (<c>flock /tmp/pipeline-build.lock</c>, what every engineer's build and test takes),
/// held for one measured pair or round so nobody's build runs inside a timing. .NET takes an advisory
/// <c>flock(LOCK_EX | LOCK_NB)</c> for <see cref="FileShare.None"/> on Unix, the same lock the <c>flock</c> command
/// takes, so this waits by retrying. The path comes from <c>PIPELINE_BENCH_LOCK</c> (empty: no lock).
/// </summary>
public sealed class BuildLock : IDisposable
{
    private readonly FileStream? _file;

    private BuildLock(FileStream? file) => _file = file;

    /// <summary>Waits for the lock (no lock when the variable is set empty).</summary>
    public static BuildLock Acquire()
    {
        var path = Environment.GetEnvironmentVariable("PIPELINE_BENCH_LOCK") ?? "/tmp/pipeline-build.lock";
        if (path.Length == 0) return new BuildLock(null);
        while (true)
        {
            try { return new BuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)); }
            catch (IOException) { Thread.Sleep(250); }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file?.Dispose();
}
