using System.Buffers;
using Apache.Arrow.Memory;

namespace Pipeline.Engine.Clean;

/// <summary>
/// Allocates Arrow buffers on the managed heap. Cleaned columns are built with it because validation may hand out
/// zero-copy slices of a batch to both the output and the quarantine: with native buffers, disposing one slice would
/// free memory the other still reads; managed buffers live as long as any slice references them.
/// </summary>
internal sealed class ManagedAllocator : MemoryAllocator
{
    public static ManagedAllocator Instance { get; } = new();

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
