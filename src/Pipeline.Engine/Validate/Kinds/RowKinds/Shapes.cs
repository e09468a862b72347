using System.Net;
using System.Text.RegularExpressions;
using Pipeline.Kernels.Text;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary>The <c>shape:</c> checks. Email and phone are pragmatic patterns, not full RFC grammars.</summary>
internal static class Shapes
{
    /// <summary>The known shapes.</summary>
    public static readonly string[] Names = ["email", "url", "uuid", "ip", "phone"];

    private const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$";
    private const string UuidPattern = @"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    private static readonly Regex Email = new(EmailPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex Uuid = new(UuidPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex Phone = new(@"^\+?[0-9 ()./-]{7,20}$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Lazy<Utf8Regex> EmailUtf8 = new(() => new Utf8Regex(EmailPattern));
    private static readonly Lazy<Utf8Regex> UuidUtf8 = new(() => new Utf8Regex(UuidPattern));

    /// <summary>The byte-level matcher of a shape that is a regex alone (email, uuid); null for the shapes that
    /// check more than a pattern (phone counts digits, ip and url parse).</summary>
    public static Utf8Regex? Pattern(string shape) => shape switch
    {
        "email" => EmailUtf8.Value,
        "uuid" => UuidUtf8.Value,
        _ => null,
    };

    /// <summary>Whether a text value has the shape.</summary>
    public static Func<string, bool> For(string shape) => shape switch
    {
        "email" => static s => Email.IsMatch(s),
        "uuid" => static s => Uuid.IsMatch(s),
        "phone" => static s => Phone.IsMatch(s) && s.Count(char.IsDigit) >= 7,
        "ip" => static s => IPAddress.TryParse(s, out _) && (s.Contains(':') || s.Count(c => c == '.') == 3),
        _ => static s => Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme is "http" or "https" or "ftp") && u.Host.Length > 0,
    };
}
