using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;

namespace Pipeline.Core.Spill;

/// <summary>
/// Owns one run's spill folder, <c>pipeline-spill-&lt;pid&gt;-&lt;guid&gt;</c> under the spill directory: hands out
/// writers for Arrow IPC segment files, counts what was spilled, and deletes the folder when disposed (after
/// success, failure or cancellation alike). Folders left by crashed runs are removed when the next manager starts.
/// Thread-safe.
/// </summary>
public sealed class SpillManager : IDisposable
{
    /// <summary>Default maximum size of one segment file: 1 GiB, well under Arrow C#'s 2 GiB buffer limit.</summary>
    public const long DefaultMaxSegmentBytes = 1L << 30;

    /// <summary>Prefix of every spill folder; followed by the owning process id, a dash and a GUID.</summary>
    public const string FolderPrefix = "pipeline-spill-";

    private readonly Lock _gate = new();
    private readonly long _maxSegmentBytes;
    private long _spilledBytes;
    private int _spillFiles;
    private int _sequence;
    private bool _created;
    private bool _disposed;

    /// <summary>Creates a manager; nothing is written until the first spill.</summary>
    /// <param name="directory">Parent of the run's spill folder; the system temp folder when null.</param>
    /// <param name="maxSegmentBytes">Start a new segment file before one would exceed this size.</param>
    public SpillManager(string? directory = null, long maxSegmentBytes = DefaultMaxSegmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSegmentBytes, int.MaxValue);
        string parent = Path.GetFullPath(directory ?? Path.GetTempPath());
        _maxSegmentBytes = maxSegmentBytes;
        Directory = Path.Combine(parent, $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        CleanupStale(parent);
    }

    /// <summary>This run's spill folder (created on the first spill).</summary>
    public string Directory { get; }

    /// <summary>Bytes written to spill segments so far (for run metrics).</summary>
    public long SpilledBytes => Interlocked.Read(ref _spilledBytes);

    /// <summary>Segment files written so far (for run metrics).</summary>
    public int SpillFiles => Volatile.Read(ref _spillFiles);

    /// <summary>Starts a new spill file of batches with <paramref name="schema"/>.</summary>
    /// <param name="name">Who spills (becomes part of the file names, to make a full disk easier to diagnose).</param>
    /// <param name="schema">Schema of every batch written.</param>
    /// <param name="maxSegmentBytes">Segment size for this file when smaller segments suit its reader (see <see cref="SpillFile.OpenRead"/>); the manager's default when null.</param>
    public SpillWriter CreateWriter(string name, Schema schema, long? maxSegmentBytes = null)
    {
        long segmentBytes = Math.Min(maxSegmentBytes ?? _maxSegmentBytes, _maxSegmentBytes);
        int sequence;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_created)
            {
                System.IO.Directory.CreateDirectory(Directory);
                _created = true;
            }
            sequence = ++_sequence;
        }
        string stem = Path.Combine(Directory, $"{sequence:D6}-{Sanitize(name)}");
        var writer = new SegmentedIpcWriter(i => $"{stem}-{i:D4}.arrows", schema, segmentBytes, segment =>
        {
            Interlocked.Add(ref _spilledBytes, segment.Bytes);
            Interlocked.Increment(ref _spillFiles);
        });
        return new SpillWriter(writer, schema);
    }

    /// <summary>A path for a spill file that another writer fills (the quarantine's append-only files), inside this
    /// run's spill folder so it is removed with it; report what is written with <see cref="AddSpilled"/>.</summary>
    /// <param name="name">Who spills (part of the file name).</param>
    public string CreateFilePath(string name)
    {
        int sequence;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_created)
            {
                System.IO.Directory.CreateDirectory(Directory);
                _created = true;
            }
            sequence = ++_sequence;
        }
        Interlocked.Increment(ref _spillFiles);
        return Path.Combine(Directory, $"{sequence:D6}-{Sanitize(name)}.arrows");
    }

    /// <summary>Counts bytes written to a file from <see cref="CreateFilePath"/> in <see cref="SpilledBytes"/>.</summary>
    public void AddSpilled(long bytes) => Interlocked.Add(ref _spilledBytes, bytes);

    /// <summary>
    /// Deletes <c>pipeline-spill-&lt;pid&gt;-*</c> folders under <paramref name="directory"/> whose process is no
    /// longer running (left by a crash or a kill). Folders of live processes, this one included, are kept. Returns
    /// how many folders were removed. Best effort: a folder that cannot be deleted is left for the next run.
    /// </summary>
    public static int CleanupStale(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return 0;
        int removed = 0;
        foreach (string folder in System.IO.Directory.EnumerateDirectories(directory, FolderPrefix + "*"))
        {
            string rest = Path.GetFileName(folder)[FolderPrefix.Length..];
            int dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (IsRunning(pid)) continue;
            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    // A recycled pid makes a dead run's folder look alive; it is then removed by a later run instead, never wrongly
    // deleted under a live one, which is the failure that matters.
    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(40).ToArray();
        return chars.Length == 0 ? "spill" : new string(chars);
    }

    /// <summary>Deletes the run's spill folder and everything in it. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException) { } // left for CleanupStale of the next run
        catch (UnauthorizedAccessException) { }
    }
}
