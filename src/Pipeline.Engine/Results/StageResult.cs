using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>One stage of the run.</summary>
/// <param name="Name">Stage name (<c>read</c>, a transform's name, <c>write:PATH</c>).</param>
/// <param name="Kind"><c>source</c>, <c>transform</c>, <c>analyzer</c>, <c>operator</c> or <c>sink</c>.</param>
/// <param name="RowsIn">Rows that entered the stage.</param>
/// <param name="RowsOut">Rows the stage passed on.</param>
/// <param name="Seconds">Time spent in the stage, summed over workers.</param>
/// <param name="BytesIn">Bytes read (input file bytes for the source).</param>
/// <param name="BytesOut">Bytes written (file size for sinks).</param>
/// <param name="Batches">Batches processed.</param>
public sealed record StageResult(string Name, string Kind, long RowsIn, long RowsOut, double Seconds, long BytesIn, long BytesOut, long Batches);
