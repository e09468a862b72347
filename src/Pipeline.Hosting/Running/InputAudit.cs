using System.Security.Cryptography;
using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running;

/// <summary>Sizes and SHA-256 hashes of input files, for the audit trail in <c>results.json</c>.</summary>
internal static class InputAudit
{
    /// <summary>Hashes each file (standard input gets no size or hash: it cannot be read twice).</summary>
    public static async Task<List<InputResult>> DescribeAsync(IReadOnlyList<string> files, string format, CancellationToken cancellationToken)
    {
        var results = new List<InputResult>(files.Count);
        foreach (var file in files)
        {
            if (file == "-") { results.Add(new InputResult("-", format, null, null)); continue; }
            var full = Path.GetFullPath(file);
            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            results.Add(new InputResult(full, format, stream.Length, Convert.ToHexStringLower(hash)));
        }
        return results;
    }
}
