using Pipeline.Core.Errors;

namespace Pipeline.Hosting.Running;

/// <summary>
/// Claims a run folder for one run at a time, so two runs into the same <c>--out</c> never mix their files: an
/// exclusive lock (<c>flock</c> on Linux) on <c>.pipeline.lock</c> inside it, holding the owner's process id. A
/// second run fails at once with a clear error; a killed run's lock dies with its process (the file may stay, unlocked,
/// and is reused).
/// </summary>
internal sealed class RunFolderLock : IDisposable
{
    /// <summary>The lock file's name in a run folder.</summary>
    public const string FileName = ".pipeline.lock";

    private readonly FileStream _file;

    private RunFolderLock(FileStream file) => _file = file;

    /// <summary>Creates the folder if needed and claims it.</summary>
    /// <exception cref="PipelineException">Kind External: another run holds the folder, or it cannot be written.</exception>
    public static RunFolderLock Claim(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new PipelineException(PipelineErrorKind.External,
                $"run folder {Path.GetFullPath(folder)} is in use by another run{Owner(path)}; wait for it or choose another --out", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(PipelineErrorKind.External, $"run folder {Path.GetFullPath(folder)}: cannot be written: {ex.Message}", ex);
        }
        file.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        file.Write(pid);
        file.Flush();
        return new RunFolderLock(file);
    }

    private static string Owner(string path)
    {
        try
        {
            // The holder keeps the file locked for writing; reading its content may still work on Linux (advisory lock).
            using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(reader);
            var pid = text.ReadLine()?.Trim();
            return string.IsNullOrEmpty(pid) ? "" : $" (process {pid})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Releases the folder (the lock file is removed).</summary>
    public void Dispose()
    {
        var path = _file.Name;
        _file.Dispose();
        try { File.Delete(path); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
