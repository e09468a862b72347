namespace Pipeline.Engine.Results;

/// <summary>What drift was measured against (<c>baseline</c> in results.json).</summary>
/// <param name="Kind"><c>previous</c>, <c>first</c>, <c>run:ID</c> or <c>window:N</c>, as asked for.</param>
/// <param name="Runs">The run ids compared with, newest first (several for a window).</param>
public sealed record BaselineResult(string Kind, IReadOnlyList<string> Runs);
