using System.Text.Json;
using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>
/// <c>steps/NAME/manifest.json</c>: written (atomically) only after a step finished and its outputs were committed,
/// so a run killed at any moment leaves either no manifest or one describing complete files. A resumed run reuses a
/// step whose manifest has the step's current fingerprint and whose files are still there with the recorded sizes.
/// </summary>
/// <param name="Version">Manifest format version.</param>
/// <param name="Fingerprint">The step's <see cref="StepFingerprint"/> when it ran.</param>
/// <param name="Record">What the step contributed to the run's results.</param>
/// <param name="Files">Every file the step wrote (outputs and checkpoint) with its size.</param>
internal sealed record StepManifest(int Version, string Fingerprint, StepRecord Record, IReadOnlyList<StepManifestFile> Files)
{
    /// <summary>The parts of <see cref="Fingerprint"/>, to say which one changed.</summary>
    public IReadOnlyDictionary<string, string>? Parts { get; init; }

    /// <summary>File name in the step's folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The current format version.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new(ResultsJson.Options) { WriteIndented = true };

    /// <summary>Writes the manifest of a finished step.</summary>
    public static void Write(string folder, StepManifest manifest)
        => Core.Files.AtomicWrite.WriteText(Path.Combine(folder, FileName), JsonSerializer.Serialize(manifest, Json));

    /// <summary>Removes a step's manifest before it runs again (the step is then not complete until it finishes).</summary>
    public static void Remove(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>The manifest in <paramref name="folder"/>, or null when there is none or it cannot be read.</summary>
    public static StepManifest? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<StepManifest>(File.ReadAllText(path), Json); }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException) { return null; }
    }

    /// <summary>Why the manifest cannot stand for the step now, or null when it can.</summary>
    public string? Mismatch(string? fingerprint, IReadOnlyDictionary<string, string>? parts)
    {
        if (Version != CurrentVersion) return "its checkpoint is from another version of Pipeline";
        if (fingerprint is null || parts is null) return "one of its inputs is not a file";
        if (Fingerprint != fingerprint) return StepFingerprint.Difference(Parts, parts);
        foreach (var file in Files)
        {
            var info = new FileInfo(file.Path);
            if (!info.Exists) return $"{file.Path} is gone";
            if (info.Length != file.Bytes) return $"{file.Path} changed since it was written";
        }
        return null;
    }
}

/// <summary>A file a step wrote.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Bytes">Size when written.</param>
internal sealed record StepManifestFile(string Path, long Bytes);
