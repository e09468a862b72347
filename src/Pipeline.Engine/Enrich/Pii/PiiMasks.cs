using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Engine.Enrich.Pii;

/// <summary>The mask policies: <c>hash</c> (HMAC-SHA256 of the value keyed by the salt, lowercase hex), <c>token</c>
/// (<c>tok_</c> + 16 hex digits of an HMAC of the kind and the value: the same value gives the same token under the same
/// salt, and nothing without the salt maps it back), <c>partial</c> (every digit but the last 4 becomes <c>*</c>; an
/// e-mail keeps its first character and its domain) and <c>redact</c> (<c>[REDACTED]</c>).</summary>
public static class PiiMasks
{
    /// <summary>The policy names.</summary>
    public static readonly string[] Policies = ["hash", "token", "partial", "redact"];

    /// <summary>Whether <paramref name="policy"/> needs the salt.</summary>
    public static bool NeedsSalt(string policy) => policy is "hash" or "token";

    /// <summary>The masked form of <paramref name="value"/> of kind <paramref name="kind"/>.</summary>
    public static string Mask(string policy, string kind, string value, byte[]? salt) => policy switch
    {
        "hash" => Convert.ToHexStringLower(HMACSHA256.HashData(salt!, Encoding.UTF8.GetBytes(value))),
        "token" => "tok_" + Convert.ToHexStringLower(HMACSHA256.HashData(salt!, Encoding.UTF8.GetBytes(kind + "\0" + value)), 0, 8),
        "partial" => Partial(kind, value),
        _ => "[REDACTED]",
    };

    private static string Partial(string kind, string value)
    {
        if (kind == "email")
        {
            int at = value.IndexOf('@');
            return at > 0 ? value[0] + new string('*', at - 1) + value[at..] : "[REDACTED]";
        }
        int keep = 4;
        var chars = value.ToCharArray();
        for (int i = chars.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i])) continue;
            if (keep > 0) { keep--; continue; }
            chars[i] = '*';
        }
        return new string(chars);
    }
}
