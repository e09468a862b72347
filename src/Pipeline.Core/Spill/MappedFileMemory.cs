using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Pipeline.Core.Spill;

/// <summary>
/// A read-only memory-mapped file exposed as <see cref="Memory{T}"/>, so Apache.Arrow slices batch buffers straight
/// out of the page cache instead of copying them (used by spill read-back and by the Arrow IPC file reader).
/// Lifetime has two modes. An owner that knows when its batches are gone (the spill reader, whose batches must be
/// disposed first) disposes the mapping to unmap it at once. An owner that cannot know (a source whose consumer may
/// keep batches) never disposes it: every buffer holds a <see cref="ReadOnlyMemory{T}"/> referencing this object, so
/// the finalizer unmaps it only once no batch can reach it.
/// </summary>
public sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private int _released;

    private MappedFileMemory(MemoryMappedViewAccessor view, byte* pointer, int length)
    {
        _view = view;
        _pointer = pointer;
        _length = length;
    }

    /// <summary>Where the mapping starts; with <see cref="Length"/>, lets tests prove a buffer lies inside it.</summary>
    public nint Address => (nint)_pointer;

    /// <summary>Mapped bytes.</summary>
    public int Length => _length;

    /// <summary>Maps a whole file (1 byte to 2 GiB - 1) read-only.</summary>
    /// <exception cref="IOException">The file is empty, too large for one view, or cannot be mapped.</exception>
    public static MappedFileMemory Map(string path) => Map(path, new FileInfo(path).Length);

    /// <summary>Maps the first <paramref name="length"/> bytes of a file (1 byte to 2 GiB - 1) read-only.</summary>
    /// <exception cref="IOException">The length is out of range or the file cannot be mapped.</exception>
    public static MappedFileMemory Map(string path, long length)
    {
        if (length <= 0 || length > int.MaxValue) throw new IOException($"{path}: a mapped view must be 1 byte to 2 GiB, found {length}");
        // The file handle and mapping object can close right away: the view keeps the pages mapped.
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        // SAFETY: AcquirePointer pins the view's address until ReleasePointer in Release; PointerOffset adjusts for
        // the page alignment of the view so pointer..pointer+length is exactly the file's bytes.
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return new MappedFileMemory(view, pointer + view.PointerOffset, (int)length);
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        // SAFETY: the pointer covers exactly _length mapped bytes, mapped until Release; an owner disposes the mapping
        // only after its batches are gone, otherwise only the finalizer releases it (see the class remarks).
        return new Span<byte>(_pointer, _length);
    }

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if ((uint)elementIndex > (uint)_length) throw new ArgumentOutOfRangeException(nameof(elementIndex));
        // SAFETY: mapped memory never moves, so pinning is handing out the address; bounds checked above.
        return new MemoryHandle(_pointer + elementIndex);
    }

    /// <inheritdoc />
    public override void Unpin() { }

    // CA2015: a span of this memory does not keep it alive. Pipeline's ownership rule covers it: the consumer of a
    // batch disposes it when done, so the batch (whose buffers reference this object) stays reachable until after the
    // last span use; an owner that disposes the mapping explicitly does so only after its batches are disposed.
#pragma warning disable CA2015
    /// <summary>Unmaps the file once nothing can reach this mapping (see the class remarks).</summary>
    ~MappedFileMemory() => Release();
#pragma warning restore CA2015

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => Release();

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
    }
}
