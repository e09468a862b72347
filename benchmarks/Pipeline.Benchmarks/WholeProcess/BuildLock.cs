using System.Runtime.InteropServices;

namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>
/// The machine's shared build lock (<c>flock /tmp/pipeline-build.lock</c>, what every engineer's build and test takes),
/// held for one measured round so nobody's build runs inside a timing. Taken with a blocking <c>flock(2)</c>, the call
/// the <c>flock</c> command makes, so this waits in line with the others (polling would lose every race to them). The
/// path comes from <c>PIPELINE_BENCH_LOCK</c> (empty: no lock).
/// </summary>
public sealed partial class BuildLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int ReadWriteCreate = 0x42; // O_RDWR | O_CREAT
    private readonly int _fd;

    private BuildLock(int fd) => _fd = fd;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    // The descriptor is opened with libc's open: a FileStream would take a non-blocking flock of its own and fail.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    /// <summary>Waits for the lock (no lock when the variable is set empty).</summary>
    /// <exception cref="IOException">flock failed.</exception>
    public static BuildLock Acquire()
    {
        var path = Environment.GetEnvironmentVariable("PIPELINE_BENCH_LOCK") ?? "/tmp/pipeline-build.lock";
        if (path.Length == 0) return new BuildLock(-1);
        int fd = open(path, ReadWriteCreate, 0x1B6);
        if (fd < 0) throw new IOException($"open {path}: error {Marshal.GetLastPInvokeError()}");
        if (flock(fd, LockExclusive) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            close(fd);
            throw new IOException($"flock {path}: error {error}");
        }
        return new BuildLock(fd);
    }

    /// <summary>Releases the lock (closing the descriptor releases the flock).</summary>
    public void Dispose()
    {
        if (_fd >= 0) close(_fd);
    }
}
