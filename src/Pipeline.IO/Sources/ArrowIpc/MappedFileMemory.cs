using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// A read-only memory-mapped file exposed as <see cref="Memory{T}"/>, so Apache.Arrow can slice its buffers straight
/// out of the page cache without copying. Lifetime: every Arrow buffer read from the mapping holds a
/// <see cref="ReadOnlyMemory{T}"/> that references this object, so the mapping stays reachable exactly as long as
/// any batch from it lives; it is unmapped by the finalizer once nothing references it. Unmapping it any earlier
/// (for example when the reading stream is disposed while a consumer still holds a batch) would turn later reads
/// into access violations, which is why nothing unmaps it explicitly.
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
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

    /// <summary>Maps a whole file (1 byte to 2 GiB - 1) read-only.</summary>
    /// <exception cref="IOException">The file cannot be opened or mapped.</exception>
    public static MappedFileMemory Map(string path, long length)
    {
        if (length <= 0 || length > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(length), "a mapped view must be 1 byte to 2 GiB");
        // The file handle and mapping object can close right away: on every supported OS the view keeps the pages.
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return new MappedFileMemory(view, pointer + view.PointerOffset, (int)length);
    }

    /// <inheritdoc />
    // SAFETY: the pointer covers exactly _length mapped bytes, mapped until this object is finalized; spans handed
    // out are only used while the memory (and so this object) is reachable.
    public override Span<byte> GetSpan() => new(_pointer, _length);

    /// <inheritdoc />
    // SAFETY: mapped memory never moves, so pinning is just handing out the address; bounds as for GetSpan.
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if ((uint)elementIndex > (uint)_length) throw new ArgumentOutOfRangeException(nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    /// <inheritdoc />
    public override void Unpin() { }

    /// <summary>Unmaps on finalization (see the class remarks for why not earlier).</summary>
    // CA2015 warns that a span taken from this memory does not keep it alive. Pipeline's ownership rule covers it:
    // the consumer of a batch disposes it when done, so the batch (whose buffers reference this object) is
    // reachable until after the last span use. Unmapping when the stream closes instead would break consumers
    // that legitimately keep batches longer, and never unmapping would leak address space in a long-lived server.
#pragma warning disable CA2015
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
