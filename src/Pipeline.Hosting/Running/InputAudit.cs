using System.Security.Cryptography;
using Pipeline.Core.Options;
using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running;

/// <summary>Sizes and hashes or fingerprints of input files, for the audit trail in <c>results.json</c>, as
/// <see cref="PipelineOptions.InputHash"/> asks.</summary>
internal static class InputAudit
{
    /// <summary>Describes each file (standard input gets no size or hash: it cannot be read twice).</summary>
    public static async Task<List<InputResult>> DescribeAsync(IReadOnlyList<string> files, string format, PipelineOptions options, CancellationToken cancellationToken)
    {
        var results = new List<InputResult>(files.Count);
        foreach (var file in files)
        {
            if (file == "-") { results.Add(new InputResult("-", format, null, null)); continue; }
            var full = Path.GetFullPath(file);
            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
            long length = stream.Length;
            switch (options.InputHashFor(length))
            {
                case InputHashPolicy.Sha256:
                    var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
                    results.Add(new InputResult(full, format, length, Convert.ToHexStringLower(hash)));
                    break;
                case InputHashPolicy.Fingerprint:
                    var fingerprint = await InputFingerprint.OfAsync(stream, File.GetLastWriteTimeUtc(full), cancellationToken).ConfigureAwait(false);
                    results.Add(new InputResult(full, format, length, null) { Fingerprint = fingerprint });
                    break;
                default:
                    results.Add(new InputResult(full, format, length, null));
                    break;
            }
        }
        return results;
    }
}
