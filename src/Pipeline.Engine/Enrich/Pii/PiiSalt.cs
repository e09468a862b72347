using System.Text;

namespace Pipeline.Engine.Enrich.Pii;

/// <summary>The key of the <c>hash</c> and <c>token</c> masks, read from an environment variable when the spec is read.
/// Only the variable's name is ever shown (<see cref="ToString"/>): the value never reaches results, logs or errors.</summary>
public sealed class PiiSalt
{
    private readonly byte[] _key;

    private PiiSalt(string variable, byte[] key)
    {
        Variable = variable;
        _key = key;
    }

    /// <summary>The environment variable's name.</summary>
    public string Variable { get; }

    /// <summary>Reads <c>${NAME}</c> from <paramref name="environment"/>; null with <paramref name="error"/> set when the
    /// text is not that form or the variable is unset or empty.</summary>
    public static PiiSalt? FromTemplate(string template, Func<string, string?> environment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(environment);
        var t = template.Trim();
        if (!(t.StartsWith("${", StringComparison.Ordinal) && t.EndsWith('}')) || t.Length < 4)
        {
            error = "salt must name an environment variable as \"${NAME}\" (a salt written in the spec would be stored with it)";
            return null;
        }
        var name = t[2..^1];
        var value = environment(name);
        if (string.IsNullOrEmpty(value))
        {
            error = $"salt: environment variable {name} is not set";
            return null;
        }
        error = null;
        return new PiiSalt(name, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The key bytes, for the HMAC.</summary>
    internal byte[] Key => _key;

    /// <inheritdoc />
    public override string ToString() => $"${{{Variable}}}";
}
