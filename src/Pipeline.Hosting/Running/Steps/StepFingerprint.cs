using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>
/// What a step's output depends on, as one hash: the step as written, the run settings that change rows or files
/// (type inference, mismatch policy, profile, report and how inputs are hashed, which results.json records), and, through its inputs, every source it reads (as
/// written, and each file's size and modification time) and every earlier step's fingerprint. A resumed run reuses
/// a step only when the fingerprint its manifest recorded is the same, so a changed spec or input recomputes the
/// step and every step after it that reads it.
/// </summary>
internal static class StepFingerprint
{
    /// <summary>The fingerprint of <paramref name="step"/>, or null when it cannot be reused (built in code, or an
    /// input that is not a file: a database, standard input).</summary>
    public static string? Of(StepSpec step, PipelineSpec spec, IReadOnlyDictionary<string, string?> inputFingerprints)
        => Parts(step, spec, inputFingerprints) is { } parts ? Hash(string.Join("\n", parts.Select(kv => $"{kv.Key} {kv.Value}"))) : null;

    /// <summary>What the fingerprint is made of, by name (<c>step</c>, <c>settings</c>, <c>input NAME</c>), each a
    /// hash, so a resumed run can say which one changed; null when the step cannot be reused.</summary>
    public static SortedDictionary<string, string>? Parts(StepSpec step, PipelineSpec spec, IReadOnlyDictionary<string, string?> inputFingerprints)
    {
        if (step.Definition is null) return null;
        var o = spec.Options;
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["step"] = Hash(step.Definition),
            ["settings"] = Hash(string.Create(CultureInfo.InvariantCulture, $"{o.InferenceSampleRows} {o.TypeMismatch} profile {spec.Profile} report {spec.Report} input_hash {o.InputHash}")),
        };
        foreach (var input in step.Inputs.Distinct())
        {
            if (!inputFingerprints.TryGetValue(input, out var fingerprint) || fingerprint is null) return null;
            parts[$"input {input}"] = fingerprint;
        }
        return parts;
    }

    /// <summary>Which part differs between two part lists, in words.</summary>
    public static string Difference(IReadOnlyDictionary<string, string>? before, IReadOnlyDictionary<string, string> now)
    {
        if (before is null) return "the step, a setting or one of its inputs changed since it ran";
        var changed = now.Keys.Union(before.Keys).Where(k => before.GetValueOrDefault(k) != now.GetValueOrDefault(k)).ToList();
        var words = changed.Select(k => k switch
        {
            "step" => "the step's definition changed",
            "settings" => "a setting changed (type inference, mismatch policy, profile, report or input hash)",
            _ when !before.ContainsKey(k) || !now.ContainsKey(k) => "it reads other inputs",
            _ => $"its input '{k["input ".Length..]}' changed",
        }).Distinct().ToList();
        return words.Count == 0 ? "the step, a setting or one of its inputs changed since it ran" : string.Join("; ", words);
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
