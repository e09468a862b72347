using System.Runtime.InteropServices;

namespace Pipeline.IO.Sinks;

/// <summary>What already sits at an output path: nothing, a regular file, or something that must not be replaced by
/// one (a device such as <c>/dev/null</c>, a FIFO, a socket, a folder). .NET's file APIs report all of these as
/// "Normal" files on Linux, so the type comes from <c>stat(2)</c>.</summary>
public enum OutputFileKind
{
    /// <summary>Nothing there.</summary>
    Missing,
    /// <summary>A regular file (or a kind this platform cannot tell): replaced atomically.</summary>
    Regular,
    /// <summary>A character device (<c>/dev/null</c>, a terminal): written into directly.</summary>
    CharacterDevice,
    /// <summary>A named pipe: written into directly (a reader is waiting on it).</summary>
    Fifo,
    /// <summary>A folder, socket or block device: refused.</summary>
    Other,
}

/// <summary>What output paths are: their <see cref="OutputFileKind"/> and which file they reach.</summary>
public static unsafe partial class OutputFiles
{
    private const uint TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, Regular = 0x8000;

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, byte* buffer);

    /// <summary>A string naming the file <paramref name="path"/> is, equal for two paths exactly when they reach the same
    /// file: the device and inode of an existing file (so symbolic and hard links, <c>..</c> and bind mounts compare
    /// equal), else the full path.</summary>
    public static string Identity(string path)
    {
        var full = Path.GetFullPath(path);
        // st_dev and st_ino are the first two 8-byte fields on both architectures.
        return File.Exists(full) && TryStat(full, out var stat) ? $"inode:{stat.Device}:{stat.Inode}" : "path:" + full;
    }

    /// <summary>The kind of <paramref name="path"/> (following symbolic links, as writing would).</summary>
    public static OutputFileKind KindOf(string path)
    {
        if (!File.Exists(path) && !System.IO.Directory.Exists(path)) return OutputFileKind.Missing;
        if (!TryStat(path, out var stat)) return System.IO.Directory.Exists(path) ? OutputFileKind.Other : OutputFileKind.Regular;
        return (stat.Mode & TypeMask) switch
        {
            Regular => OutputFileKind.Regular,
            CharDevice => OutputFileKind.CharacterDevice,
            Fifo => OutputFileKind.Fifo,
            _ => OutputFileKind.Other,
        };
    }

    /// <summary><c>stat(2)</c> of a path, where this platform's <c>struct stat</c> layout is known (Linux on x86-64
    /// and arm64); false elsewhere, when the call fails, or on a glibc older than 2.33 (which exports it only as
    /// <c>__xstat</c>): callers then fall back to what .NET can tell.</summary>
    private static bool TryStat(string path, out (ulong Device, ulong Inode, uint Mode) stat)
    {
        stat = default;
        // st_mode's offset: after st_dev, st_ino, st_nlink on x86-64; after st_dev, st_ino on arm64.
        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (!OperatingSystem.IsLinux() || modeOffset < 0) return false;
        byte* buffer = stackalloc byte[256];
        try
        {
            if (Stat(path, buffer) != 0) return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        stat = (*(ulong*)buffer, *(ulong*)(buffer + 8), *(uint*)(buffer + modeOffset));
        return true;
    }
}
