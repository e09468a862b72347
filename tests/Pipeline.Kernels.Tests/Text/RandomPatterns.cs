using System.Text;

namespace Pipeline.Kernels.Tests.Text;

/// <summary>Random patterns from the DFA's subset (and a few constructs just outside it) and random values over a
/// small alphabet that those patterns talk about, so matches are frequent enough to test both answers.</summary>
internal static class RandomPatterns
{
    private static readonly string[] Atoms =
        ["a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", @"\d", @"\s", @"\w", @"\W", @"\n", "1", "x", @"\.", "é", "[^\n]", @"[\d\s]"];

    private static readonly string[] Quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,2}", "{0,3}", "{2,}", "*?", "+?", "??", "{1,3}?"];

    private const string ValueAlphabet = "abc1x. \n\u00E9";

    public static string Pattern(Random random)
    {
        var sb = new StringBuilder();
        if (random.Next(3) == 0) sb.Append('^');
        sb.Append(Alternation(random, depth: 0));
        if (random.Next(3) == 0) sb.Append('$');
        return sb.ToString();
    }

    public static string Value(Random random)
    {
        var chars = new char[random.Next(0, 10)];
        for (int i = 0; i < chars.Length; i++) chars[i] = ValueAlphabet[random.Next(ValueAlphabet.Length)];
        return new string(chars);
    }

    private static string Alternation(Random random, int depth)
    {
        var alternatives = Enumerable.Range(0, random.Next(4) == 0 ? 2 : 1).Select(_ => Concat(random, depth));
        return string.Join('|', alternatives);
    }

    private static string Concat(Random random, int depth)
    {
        var sb = new StringBuilder();
        int parts = random.Next(0, 4);
        for (int i = 0; i < parts; i++)
        {
            string atom = depth < 2 && random.Next(4) == 0
                ? (random.Next(2) == 0 ? "(" : "(?:") + Alternation(random, depth + 1) + (depth == 0 && random.Next(6) == 0 ? "$" : "") + ")"
                : Atoms[random.Next(Atoms.Length)];
            sb.Append(atom).Append(Quantifiers[random.Next(Quantifiers.Length)]);
        }
        return sb.ToString();
    }
}
