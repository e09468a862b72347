using Pipeline.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Yaml;

/// <summary>
/// Loads spec and rules YAML with errors that name the file, line and column, after checking the nesting depth with
/// YamlDotNet's event parser (which does not recurse): the node model's loader recurses per level, so 100,000
/// nested brackets would otherwise overflow the stack and abort the process.
/// </summary>
internal static class YamlDocuments
{
    /// <summary>Deepest nesting of mappings and sequences accepted; a spec needs fewer than ten levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses <paramref name="yaml"/> into its documents.</summary>
    /// <exception cref="PipelineException">Invalid YAML or nesting past <see cref="MaxDepth"/>, naming file:line:column.</exception>
    public static YamlStream Load(string yaml, string file)
    {
        Mark near = Mark.Empty;
        try
        {
            RequireDepth(yaml, file, ref near);
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream;
        }
        catch (YamlException ex)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{file}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and parser throw these instead of a YamlException on some malformed input (found
            // by fuzzing: "The scanner should contain no more tokens", "The current event is of an unsupported
            // type", "Global tags must be valid URIs"). They carry no position: the last event read is the nearest.
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{file}:{near.Line}:{near.Column}: invalid YAML: {ex.Message}", ex);
        }
    }

    private static void RequireDepth(string yaml, string file, ref Mark near)
    {
        var parser = new Parser(new StringReader(yaml));
        int depth = 0;
        while (parser.MoveNext())
        {
            near = parser.Current!.Start;
            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > MaxDepth)
                        throw new PipelineException(PipelineErrorKind.InvalidInput,
                            $"{file}:{parser.Current.Start.Line}:{parser.Current.Start.Column}: YAML nested deeper than {MaxDepth} levels");
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }
}
