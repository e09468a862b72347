using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.Server.Storage;

namespace Pipeline.Server.Datasets;

/// <summary>A dataset as listed: its name, format, size and columns.</summary>
/// <param name="Name">The dataset's name (its file name in <c>datasets/</c>).</param>
/// <param name="Format">The format the readers detected.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Modified">When it was last written (UTC).</param>
/// <param name="Columns">Its columns and types, when read (after an upload).</param>
internal sealed record DatasetInfo(string Name, string Format, long Bytes, DateTimeOffset Modified, IReadOnlyList<DatasetColumn>? Columns = null);

/// <summary>A column of an uploaded dataset.</summary>
internal sealed record DatasetColumn(string Name, string Type);

/// <summary>Thrown when an upload passes the size limit.</summary>
internal sealed class UploadTooLargeException(long limit) : Exception($"the upload is larger than the limit of {limit} bytes (--max-upload)")
{
    /// <summary>The limit in bytes.</summary>
    public long Limit { get; } = limit;
}

/// <summary>The datasets folder of the root: uploads are streamed to a hidden temporary file, checked by the
/// existing readers (the format detected, the schema read), then renamed into place, so a half-written or
/// unreadable upload is never listed or run.</summary>
internal sealed class DatasetStore(ServeRoot root, long maxUploadBytes)
{
    /// <summary>The upload limit in bytes.</summary>
    public long MaxUploadBytes => maxUploadBytes;

    /// <summary>Stores <paramref name="body"/> as dataset <paramref name="name"/> (replacing an older one).</summary>
    /// <exception cref="PipelineException">A bad name, or content the readers cannot read.</exception>
    /// <exception cref="UploadTooLargeException">The body passes the limit.</exception>
    public Task<DatasetInfo> UploadAsync(string name, Stream body, CancellationToken cancellationToken)
        => StoreAsync(name, async temp =>
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxUploadBytes) throw new UploadTooLargeException(maxUploadBytes);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            if (total == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, $"dataset '{name}': the upload is empty");
        }, cancellationToken);

    /// <summary>Stores dataset <paramref name="name"/> written by <paramref name="write"/> into the temporary path it
    /// is given (the path keeps the dataset's extension): the file is then read like an upload and renamed into place,
    /// or deleted when anything failed.</summary>
    /// <exception cref="PipelineException">A bad name, or content the readers cannot read.</exception>
    public async Task<DatasetInfo> StoreAsync(string name, Func<string, Task> write, CancellationToken cancellationToken)
    {
        var target = root.Child(root.Datasets, name)
                     ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"dataset name '{name}': must be {SafeNames.Rule}");
        // The temporary name keeps the dataset's extension, so the readers detect the format as they will in a run.
        var temp = Path.Combine(root.Datasets, $".upload-{Guid.NewGuid():N}-{name}");
        try
        {
            await write(temp);
            var (format, columns) = Inspect(temp, name, cancellationToken);
            File.Move(temp, target, overwrite: true);
            var info = new FileInfo(target);
            return new DatasetInfo(name, format, info.Length, info.LastWriteTimeUtc, columns);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The datasets, by name (hidden files, such as uploads in progress, and links out of the root left out).</summary>
    public IReadOnlyList<DatasetInfo> List()
        => new DirectoryInfo(root.Datasets).EnumerateFiles()
            .Where(f => SafeNames.IsValid(f.Name) && root.Contains(f.FullName))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new DatasetInfo(f.Name, FileFormats.Detect(f.FullName, forWriting: false).Name, f.Length, f.LastWriteTimeUtc))
            .ToList();

    /// <summary>Opens the file with the reader its format calls for and reads its schema: what a run would do first.</summary>
    private static (string Format, IReadOnlyList<DatasetColumn> Columns) Inspect(string path, string name, CancellationToken cancellationToken)
    {
        try
        {
            var source = FileFormats.OpenSource(path);
            using var context = new PipelineContext(new PipelineOptions(), cancellationToken);
            using var stream = source.Open(context);
            var columns = stream.Schema.FieldsList.Select(f => new DatasetColumn(f.Name, Engine.Results.TypeNames.Describe(f.DataType))).ToList();
            return (source.Format, columns);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message names the temporary file; the client knows the upload by its name.
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"dataset '{name}' cannot be read: {ex.Message.Replace(path, name, StringComparison.Ordinal)}");
        }
    }
}
