using System.Text.RegularExpressions;

namespace Pipeline.Server.Storage;

/// <summary>The names a client may give (datasets, files of a run, key names): letters, digits, <c>.</c>, <c>_</c>
/// and <c>-</c>, starting with a letter or digit, no <c>..</c>. A name is one path component, so it can never climb
/// out of the folder it is looked up in, whatever encoding the client used (routing has decoded it by now).</summary>
internal static partial class SafeNames
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>True when <paramref name="name"/> is a safe single path component.</summary>
    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>Why a name was refused, for the error message.</summary>
    public static string Rule => "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'";
}
