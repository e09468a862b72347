using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>
/// What a step's output depends on, as one hash: the step as written, the run settings that change rows or files
/// (type inference, mismatch policy, profile and report), and, through its inputs, every source it reads (as
/// written, and each file's size and modification time) and every earlier step's fingerprint. A resumed run reuses
/// a step only when the fingerprint its manifest recorded is the same, so a changed spec or input recomputes the
/// step and every step after it that reads it.
/// </summary>
internal static class StepFingerprint
{
    /// <summary>The fingerprint of <paramref name="step"/>, or null when it cannot be reused (built in code, or an
    /// input that is not a file: a database, standard input).</summary>
    public static string? Of(StepSpec step, PipelineSpec spec, IReadOnlyDictionary<string, string?> inputFingerprints)
    {
        if (step.Definition is null) return null;
        var text = new StringBuilder();
        text.Append("step\n").Append(step.Definition).Append('\n');
        var o = spec.Options;
        text.Append(CultureInfo.InvariantCulture, $"options {o.InferenceSampleRows} {o.TypeMismatch} profile {spec.Profile} report {spec.Report}\n");
        foreach (var input in step.Inputs.Distinct().Order(StringComparer.Ordinal))
        {
            if (!inputFingerprints.TryGetValue(input, out var fingerprint) || fingerprint is null) return null;
            text.Append("input ").Append(input).Append(' ').Append(fingerprint).Append('\n');
        }
        return Hash(text.ToString());
    }

    /// <summary>The fingerprint of a spec source: as written, and the size and modification time of each file.</summary>
    public static string? OfSource(SourceSpec source)
    {
        if (source.Instance is not null || source.Path == "-") return null;
        var text = new StringBuilder();
        text.Append("source\n").Append(source.Definition ?? source.Path).Append('\n').Append(source.Options).Append('\n');
        IReadOnlyList<string> files;
        try { files = InputPaths.Expand(source.Path); }
        catch (Core.Errors.PipelineException) { return null; }
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            if (!info.Exists) return null;
            text.Append(CultureInfo.InvariantCulture, $"{Path.GetFullPath(file)} {info.Length} {info.LastWriteTimeUtc.Ticks}\n");
        }
        return Hash(text.ToString());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
