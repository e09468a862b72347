namespace Pipeline.Core.Memory;

/// <summary>
/// Gives a large, just-released managed structure back to the operating system. An operator that spills drops its
/// in-memory set (up to the whole budget) and soon fills a new one for the partition pass; without a collection in
/// between, the dropped arrays stay resident until the GC next runs a full collection on its own, and the peak
/// resident set holds both, about twice the budget. One blocking, compacting collection per spill is cheap next to
/// the spill's I/O.
/// </summary>
public static class HeapRelease
{
    /// <summary>Collects every generation, compacts, and decommits the freed memory.</summary>
    public static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
