using Pipeline.Core.Errors;

namespace Pipeline.Databases.History;

/// <summary>
/// One writer at a time per history file: an exclusive lock (<c>flock</c> on Linux) on <c>FILE.lock</c> beside it,
/// waited for up to a timeout. DuckDB itself lets only one process open a file for writing, and a process that finds it
/// taken fails at once; waiting on our own lock first turns that into a queue. A killed run's lock dies with its
/// process. The lock file stays: deleting it could let a waiting process and a new one lock two different files.
/// </summary>
internal sealed class HistoryLock : IDisposable
{
    private readonly FileStream _file;

    private HistoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="historyPath"/>, waiting up to <paramref name="timeout"/>.</summary>
    /// <exception cref="PipelineException">Kind External: still held by another run after the timeout, or the folder cannot be written.</exception>
    public static HistoryLock Take(string historyPath, TimeSpan timeout)
    {
        var path = historyPath + ".lock";
        try { Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(PipelineErrorKind.External, $"history {historyPath}: cannot create its folder: {ex.Message}", ex);
        }
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new HistoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException ex) when (File.Exists(path))
            {
                if (DateTime.UtcNow >= deadline)
                    throw new PipelineException(PipelineErrorKind.External,
                        $"history {historyPath}: another run held it for more than {timeout.TotalSeconds:0} s", ex);
                Thread.Sleep(50);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PipelineException(PipelineErrorKind.External, $"history {historyPath}: cannot be written: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
