using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Kernels.Text;

namespace Pipeline.Kernels.Tests.Text;

/// <summary>The reference every test compares with: .NET's own answer on the decoded string.</summary>
internal static class RegexOracle
{
    public static bool Expected(string pattern, byte[] utf8) =>
        new Regex(pattern, RegexOptions.CultureInvariant).IsMatch(Encoding.UTF8.GetString(utf8));

    /// <summary>Asserts <paramref name="regex"/> agrees with .NET on every input, naming the first that differs.</summary>
    public static void AssertAgrees(Utf8Regex regex, IEnumerable<byte[]> inputs)
    {
        var reference = new Regex(regex.Pattern, RegexOptions.CultureInvariant);
        foreach (var input in inputs)
        {
            bool expected = reference.IsMatch(Encoding.UTF8.GetString(input));
            bool actual = regex.IsMatch(input);
            if (expected != actual)
                Assert.Fail($"Pattern {Show(regex.Pattern)} on {Show(input)}: .NET says {expected}, Utf8Regex (DFA: {regex.UsesDfa}) says {actual}.");
        }
    }

    public static string Show(string text) => "\"" + Escape(text) + "\"";

    public static string Show(byte[] bytes) =>
        Ascii.IsValid(bytes) ? Show(Encoding.ASCII.GetString(bytes)) : "bytes [" + Convert.ToHexString(bytes) + "]";

    private static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text) sb.Append(c < 32 || c > 126 ? $"\\u{(int)c:X4}" : c.ToString());
        return sb.ToString();
    }
}
