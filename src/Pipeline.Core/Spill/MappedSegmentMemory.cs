using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Pipeline.Core.Spill;

/// <summary>
/// A read-only memory-mapped file exposed as <see cref="Memory{T}"/>, so Arrow slices batch buffers straight out of
/// the page cache instead of copying them into managed or native memory (which would count against the budget the
/// spill exists to respect). Lifetime: the <see cref="SpillReader"/> that mapped it unmaps it on dispose, so every
/// batch read through that reader must be disposed (or at least no longer touched) before the reader is. The
/// finalizer only backs up a reader that was never disposed.
/// </summary>
internal sealed unsafe class MappedSegmentMemory : MemoryManager<byte>
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private int _released;

    private MappedSegmentMemory(MemoryMappedViewAccessor view, byte* pointer, int length)
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
    public static MappedSegmentMemory Map(string path)
    {
        long length = new FileInfo(path).Length;
        if (length <= 0 || length > int.MaxValue) throw new IOException($"{path}: a spill segment must be 1 byte to 2 GiB, found {length}");
        // The file handle and mapping object can close right away: the view keeps the pages mapped.
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        // SAFETY: AcquirePointer pins the view's address until ReleasePointer in Release; PointerOffset adjusts for
        // the page alignment of the view so pointer..pointer+length is exactly the file's bytes.
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return new MappedSegmentMemory(view, pointer + view.PointerOffset, (int)length);
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        // SAFETY: the pointer covers exactly _length mapped bytes, mapped until Release; the class contract says
        // no batch from this mapping is used after its reader is disposed.
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

    // CA2015: a span of this memory does not keep it alive. The reader owns the mapping and the documented rule is
    // that batches are disposed before it, so no span outlives the mapping; the finalizer is only a backstop.
#pragma warning disable CA2015
    ~MappedSegmentMemory() => Release();
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
