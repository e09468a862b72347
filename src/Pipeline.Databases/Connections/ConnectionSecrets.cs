using System.Text.RegularExpressions;
using Pipeline.Core.Errors;

namespace Pipeline.Databases.Connections;

/// <summary>
/// Secrets in connection strings: specs write <c>${NAME}</c> and the value comes from the environment variable
/// <c>NAME</c> when the run starts, so passwords never sit in spec files. The expanded string lives only inside the
/// source or sink object; everything shown to people (results, logs, errors) goes through <see cref="Redact"/>.
/// </summary>
public static partial class ConnectionSecrets
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*(""[^""]*""|'[^']*'|[^;]*)")]
    private static partial Regex PasswordPair();

    [GeneratedRegex(@"(?i)(postgres(?:ql)?://[^:/@\s]+:)([^@\s]+)(@)")]
    private static partial Regex UrlPassword();

    /// <summary>Replaces every <c>${NAME}</c> with the value of the environment variable <c>NAME</c>.</summary>
    /// <param name="text">A connection string that may contain references.</param>
    /// <param name="what">What the text is, for the error (e.g. <c>source.postgres.connection</c>).</param>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    /// <exception cref="PipelineException">A referenced variable is not set (the message names the variable, never a value).</exception>
    public static string Interpolate(string text, string what, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return Reference().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            return environment(name) ?? throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{what}: environment variable '{name}' is not set (the connection string refers to ${{{name}}})");
        });
    }

    /// <summary>
    /// Builds a connection string from a template holding <c>${NAME}</c> references without ever splicing a secret
    /// into the text: the template is split into key/value pairs first, each value's references are expanded, and
    /// the pair is set on the driver's own builder, which quotes the value. A password containing <c>;</c> or
    /// <c>=</c> stays one value instead of injecting options. Every expanded value is returned as a secret, so it is
    /// redacted (by value) from every message, whichever key it was used for.
    /// </summary>
    /// <param name="template">The connection string as written in the spec.</param>
    /// <param name="what">What the text is, for errors (never repeats the text).</param>
    /// <param name="builder">The driver's connection string builder, empty.</param>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    /// <exception cref="PipelineException">The template is malformed, or a referenced variable is not set.</exception>
    public static (string ConnectionString, string[] Secrets) Expand(string template, string what, System.Data.Common.DbConnectionStringBuilder builder,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var parsed = new System.Data.Common.DbConnectionStringBuilder();
        try { parsed.ConnectionString = template; }
        catch (ArgumentException)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{what}: the connection string is not a list of key=value pairs separated by ';' (values with ';' must be quoted)");
        }
        var secrets = new List<string>(PasswordsIn(template).Where(p => !Reference().IsMatch(p)));
        foreach (string key in parsed.Keys)
        {
            var raw = parsed[key]?.ToString() ?? "";
            var value = Reference().Replace(raw, match =>
            {
                var expanded = Interpolate(match.Value, what, environment);
                if (expanded.Length > 0) secrets.Add(expanded);
                return expanded;
            });
            try { builder[key] = value; }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                throw new PipelineException(PipelineErrorKind.InvalidInput, Redact($"{what}: '{key}' is not a valid setting: {ex.Message}", [.. secrets]));
            }
        }
        return (builder.ConnectionString, [.. secrets.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The text with every password removed: <c>Password=...</c> pairs, URL passwords, and the literal
    /// values of any <paramref name="secrets"/> (so a password echoed by a driver's message is removed too).</summary>
    public static string Redact(string text, params string?[] secrets)
    {
        var result = PasswordPair().Replace(text, m => m.Groups[1].Value + "=***");
        result = UrlPassword().Replace(result, m => m.Groups[1].Value + "***" + m.Groups[3].Value);
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret) || secret.Length < 3) continue;
            result = result.Replace(secret, "***", StringComparison.Ordinal);
        }
        return result;
    }

    /// <summary>The password values of a <c>key=value;</c> connection string (for <see cref="Redact"/>).</summary>
    public static string[] PasswordsIn(string connectionString)
    {
        var found = new List<string>();
        foreach (Match m in PasswordPair().Matches(connectionString))
        {
            var value = m.Groups[2].Value.Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
            if (value.Length > 0) found.Add(value);
        }
        return [.. found];
    }

    /// <summary>A short, safe label for a query in descriptions: its first line, cut to 60 characters.</summary>
    public static string QueryLabel(string query)
    {
        var firstLine = query.Trim().Split('\n')[0].Trim();
        return Redact(firstLine.Length > 60 ? firstLine[..57] + "..." : firstLine);
    }
}
