using Apache.Arrow;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sources;

/// <summary>Checks that a later input file has the same (projected) schema as the first, so several files read as one stream.</summary>
internal static class MultiFileSchemaCheck
{
    /// <exception cref="PipelineException">Kind <see cref="PipelineErrorKind.Schema"/>, naming both files and both schemas.</exception>
    public static void RequireSame(Schema first, string firstFile, Schema next, string nextFile)
    {
        string a = SchemaDescription.Describe(first), b = SchemaDescription.Describe(next);
        if (a != b)
            throw new PipelineException(PipelineErrorKind.Schema,
                $"{nextFile}: schema differs from {firstFile}, so they cannot be read as one stream: [{b}] vs [{a}]");
    }
}
