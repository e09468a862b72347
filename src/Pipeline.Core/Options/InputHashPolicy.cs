namespace Pipeline.Core.Options;

/// <summary>
/// How a run identifies its input files in <c>results.json</c> (<c>inputs[]</c>) and the run history
/// (<c>options.input_hash</c>, <c>--input-hash</c>). A full SHA-256 reads every byte of every input, which for a large
/// columnar file costs more than the run itself (a Parquet reader reads only the columns it needs); the default
/// therefore hashes small files in full and fingerprints large ones, and says which it did.
/// </summary>
public enum InputHashPolicy
{
    /// <summary>The default: <see cref="Sha256"/> for a file up to <see cref="PipelineOptions.FullHashLimit"/>
    /// (64 MiB), <see cref="Fingerprint"/> above.</summary>
    Auto,
    /// <summary>SHA-256 of the whole content (<c>sha256</c>), whatever the size.</summary>
    Sha256,
    /// <summary>A fingerprint (<c>fingerprint</c>): SHA-256 over the size, the modification time and sampled bytes
    /// (the first and last MiB and 16 blocks of 64 KiB between them). Changes when the file is rewritten or touched;
    /// it is not a hash of the content and is never written as <c>sha256</c>.</summary>
    Fingerprint,
    /// <summary>Size only; neither <c>sha256</c> nor <c>fingerprint</c>.</summary>
    None,
}

/// <summary>The names of <see cref="InputHashPolicy"/> as the spec and the CLI write them.</summary>
public static class InputHashPolicyNames
{
    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = ["auto", "sha256", "fingerprint", "none"];

    /// <summary>The policy called <paramref name="name"/>, or null when no policy has that name.</summary>
    public static InputHashPolicy? Parse(string name)
    {
        for (int i = 0; i < All.Count; i++)
            if (All[i] == name) return (InputHashPolicy)i;
        return null;
    }

    /// <summary>The name of <paramref name="policy"/>.</summary>
    public static string Name(InputHashPolicy policy) => All[(int)policy];
}
