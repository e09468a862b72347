namespace Pipeline.Core.Spill;

/// <summary>One Arrow IPC stream file of a spill or checkpoint: where it is and what it holds.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Batches">Record batches in it.</param>
/// <param name="Rows">Rows in it.</param>
public sealed record IpcSegment(string Path, long Bytes, int Batches, long Rows);
