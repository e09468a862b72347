using System.Buffers;
using Apache.Arrow.Memory;

namespace Pipeline.Core.Memory;

/// <summary>
/// Allocates Arrow buffers on the managed heap, padded to 64 bytes.
/// </summary>
/// <remarks>
/// Ownership rule: an array built with this allocator is owned by the garbage collector, not by whoever disposes the
/// batch. Disposing such an array (or any slice of it) frees nothing, so zero-copy slices of one batch may be handed
/// to several owners (validation gives slices of the same batch to the output and to the quarantine) and each may
/// dispose its slice independently; with native buffers, disposing one slice would free memory another still reads.
/// Use it only for arrays that are sliced to several owners; everything else allocates from the context's pool,
/// which counts and returns memory on dispose.
/// </remarks>
public sealed class ManagedAllocator : MemoryAllocator
{
    /// <summary>The one instance (the allocator holds no state).</summary>
    public static ManagedAllocator Instance { get; } = new();

    /// <inheritdoc/>

    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        // Arrow wants 64-byte aligned, padded buffers; a rounded-up length keeps SIMD readers inside the array.
        int padded = (length + 63) & ~63;
        bytesAllocated = padded;
        return new Owner(new byte[padded]);
    }

    private sealed class Owner(byte[] bytes) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => bytes;
        public void Dispose() { }
    }
}
