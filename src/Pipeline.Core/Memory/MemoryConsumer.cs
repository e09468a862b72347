namespace Pipeline.Core.Memory;

/// <summary>
/// Someone who holds memory from a <see cref="MemoryPool"/>: an operator or one of its parts. The name appears in
/// out-of-memory errors and in the pool's list of largest users, so it should say which stage of the run it is.
/// </summary>
/// <param name="Name">Shown in errors, for example <c>"distinct"</c> or <c>"sort[orders]"</c>.</param>
/// <param name="CanSpill">True when the consumer reacts to a refused reservation by spilling to disk instead of failing.</param>
public sealed record MemoryConsumer(string Name, bool CanSpill = false);
