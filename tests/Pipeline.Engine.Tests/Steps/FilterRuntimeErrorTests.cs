using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Engine.Steps;

namespace Pipeline.Engine.Tests.Steps;

/// <summary>A filter whose condition fails at run time (an integer overflow) is bad input naming the step, as a
/// derive's is; before, the error escaped as an <see cref="InvalidOperationException"/> that the runner reported as an
/// internal failure (exit 3).</summary>
public sealed class FilterRuntimeErrorTests
{
    [Fact]
    public void Overflow_in_a_filter_is_bad_input_naming_the_step()
    {
        var schema = new Schema.Builder().Field(f => f.Name("i").DataType(Int64Type.Default)).Build();
        using var batch = new RecordBatch(schema, [new Int64Array.Builder().Append(long.MaxValue).Append(1).Build()], 2);
        var filter = new FilterTransform("big", "i + 1 > 0", "steps.yaml:3:13");
        using var context = new PipelineContext();
        var error = Assert.Throws<PipelineException>(() => filter.Apply(batch, context));
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.Contains("step 'big': filter failed: integer overflow", error.Message);
        Assert.StartsWith("steps.yaml:3:13: ", error.Message);
    }
}
