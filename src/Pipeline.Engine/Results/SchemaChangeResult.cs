namespace Pipeline.Engine.Results;

/// <summary>A column added, removed or retyped since the baseline run (<c>schema_changes[]</c>).</summary>
/// <param name="Column">The column.</param>
/// <param name="Change"><c>added</c>, <c>removed</c> or <c>retyped</c>.</param>
/// <param name="Before">Its type in the baseline run (null when added).</param>
/// <param name="After">Its type in this run (null when removed).</param>
/// <param name="BaselineRun">The run id compared with.</param>
public sealed record SchemaChangeResult(string Column, string Change, string? Before, string? After, string BaselineRun);
