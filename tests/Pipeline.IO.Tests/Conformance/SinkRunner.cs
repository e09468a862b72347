using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Writes batches through a format's sink and reads files back through its source.</summary>
internal static class SinkRunner
{
    /// <summary>Writes and commits; the caller keeps ownership of the batches.</summary>
    public static async Task WriteAsync(string format, string path, Schema schema, IEnumerable<RecordBatch> batches, SinkOptions? options = null)
    {
        using var context = new PipelineContext();
        var sink = FileFormats.ByName(format).CreateSink(path, options ?? new SinkOptions())!;
        await using var writer = await sink.OpenAsync(schema, context);
        foreach (var batch in batches) await writer.WriteAsync(batch, CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);
    }

    /// <summary>Reads a file completely (the caller disposes the batches).</summary>
    public static (Schema Schema, List<RecordBatch> Batches) Read(string format, string path, SourceOptions? options = null)
        => BatchReading.ReadAll(FileFormats.ByName(format).CreateSource([path], options ?? new SourceOptions()));

    /// <summary>Copies a file from one format to another through the sources and sinks.</summary>
    public static async Task ConvertAsync(string fromFormat, string from, string toFormat, string to)
    {
        var (schema, batches) = Read(fromFormat, from);
        try
        {
            await WriteAsync(toFormat, to, schema, batches);
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
        }
    }
}
