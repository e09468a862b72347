using Pipeline.Core.Streams;
using Pipeline.Engine.Steps;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>Where a step reads a named input from: a spec source, or the checkpoint an earlier step wrote.</summary>
/// <param name="Name">The source's or step's name.</param>
/// <param name="Source">How to open it.</param>
/// <param name="IsSpecSource">True for a spec source read directly (its rows count as rows read by the run).</param>
internal sealed record StepInput(string Name, SourceSpec Source, bool IsSpecSource)
{
    /// <summary>Told of the rows pulled through <see cref="Open"/> from a spec source (a join's or union's reads,
    /// which count as rows read by the run); null counts nothing.</summary>
    public Action<long>? OnRows { get; init; }

    /// <summary>Opens the input as a source (a fresh reader each time).</summary>
    public ISource Open()
    {
        var source = Source.Instance ?? FileFormats.OpenSource(Source.Path, Source.Options);
        return IsSpecSource && OnRows is { } onRows ? new CountedSource(source, onRows) : source;
    }
}
