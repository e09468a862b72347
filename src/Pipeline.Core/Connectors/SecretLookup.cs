using Pipeline.Core.Errors;

namespace Pipeline.Core.Connectors;

/// <summary>
/// Where <c>${NAME}</c> references of connector URIs come from: the environment variable <c>NAME</c>, else the
/// secrets file named by <c>PIPELINE_SECRETS_FILE</c> (lines <c>NAME=value</c>; blank lines and lines starting with
/// <c>#</c> are skipped; the value is everything after the first <c>=</c>, unquoted).
/// </summary>
public sealed class SecretLookup
{
    /// <summary>The environment variable naming the secrets file.</summary>
    public const string FileVariable = "PIPELINE_SECRETS_FILE";

    private readonly Func<string, string?> _environment;

    /// <summary>Creates a lookup over an environment (for tests; <see cref="Default"/> uses the process's).</summary>
    public SecretLookup(Func<string, string?> environment) => _environment = environment;

    /// <summary>The process environment and its secrets file.</summary>
    public static SecretLookup Default { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>The value of <paramref name="name"/>, or null when neither the environment nor the file has it.</summary>
    /// <exception cref="PipelineException">The secrets file is named but cannot be read.</exception>
    public string? Find(string name)
    {
        if (_environment(name) is { } value) return value;
        if (_environment(FileVariable) is not { Length: > 0 } file) return null;
        string[] lines;
        try { lines = File.ReadAllLines(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{FileVariable} names '{file}', which cannot be read: {ex.Message}");
        }
        foreach (var line in lines)
        {
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            int eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !text[..eq].Trim().Equals(name, StringComparison.Ordinal)) continue;
            var found = text[(eq + 1)..].Trim();
            if (found.Length >= 2 && (found[0] == '"' || found[0] == '\'') && found[^1] == found[0]) found = found[1..^1];
            return found;
        }
        return null;
    }
}
