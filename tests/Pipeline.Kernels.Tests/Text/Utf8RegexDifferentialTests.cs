using System.Text;
using Pipeline.Kernels.Text;

namespace Pipeline.Kernels.Tests.Text;

/// <summary>Utf8Regex against .NET's Regex on the decoded string, pattern by pattern, over edge cases and random
/// values built from the characters each pattern cares about.</summary>
public class Utf8RegexDifferentialTests
{
    public const string Email = @"^[^@\s]+@[^@\s]+\.[a-z]{2,}$";
    public const string Uuid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    public const string Phone = @"^\+?[0-9 ()./-]{7,20}$";

    /// <summary>Patterns the DFA serves.</summary>
    public static TheoryData<string> DfaPatterns() =>
    [
        Email, Uuid, Phone,
        @"\d{3}-\d{4}", "^(foo|bar)+$", "a.c", "^$", "x*", @"[^@\s]+", "^((a|b)c)*d$", "(a(b(c)?)+)?x",
        "a{2}", "a{2,}", "a{2,4}", "^a{0,3}$", "^(ab){1,3}?c", "ab+?c", "colou?r", "^abc", "abc$", "^abc$",
        "^a|b$", "(^a|b)c", "(a$|b$)", "a$$", "^^a", @"\.", @"\\", @"\t\n", @"[\]\-^]", "[]a]", "[^]a]", "[a-]", "[-a]",
        @"[\d\s_]+x", @"\D\W\S", @"[\w.+-]+@[\w-]+\.[\w.]+", "(?:ab|cd)*e", "(?<year>[0-9]{4})-(?'m'[0-9]{2})",
        @"\x41\u0042", "é", "caf[eé]", "[^é]", "a{,2}", "x{a}", "a}", "]", " # ", @"\{\}", "(|a)b", "a||b", "()",
        @"^\s*$", @"^[A-Z][a-z]+(?: [A-Z][a-z]+)*$", @"[aeiou]{2}[^aeiou\n]", "^.+$", "^.*$", ".", "a.*b.*c",
        @"[\b]", @"[\x00-\x1F]", @"\e\a\f\v\r", "(a|ab)(c|bcd)(d*)", "^(a+)+$", "[a-c-e]", @"\d+(\.\d+)?$",
    ];

    /// <summary>Patterns outside the subset: still exactly .NET's answers, through the fallback.</summary>
    public static TheoryData<string> FallbackPatterns() =>
    [
        @"(a)\1", "(?=a)ab", "(?!a)b", "(?<=a)b", @"\bword\b", "(?i)abc", @"\Aabc\z", @"abc\Z", @"\Gab", @"\p{L}+",
        "a$b", "$a", @"(?>a+)b", "(?<b>y)(?<a-b>x)", @"[a-z-[aeiou]]+", "a{1001}", @"\0", @"\cA", @"[\d-z]", "(?#note)a", "(?m)^a$",
        "^*a",
    ];

    [Theory]
    [MemberData(nameof(DfaPatterns))]
    public void Dfa_patterns_use_the_dfa_and_agree_with_dotnet(string pattern)
    {
        var regex = new Utf8Regex(pattern);
        Assert.True(regex.UsesDfa, $"expected the DFA for {RegexOracle.Show(pattern)}");
        RegexOracle.AssertAgrees(regex, Inputs(pattern, seed: pattern.Length));
    }

    [Theory]
    [MemberData(nameof(FallbackPatterns))]
    public void Unsupported_patterns_fall_back_and_agree_with_dotnet(string pattern)
    {
        var regex = new Utf8Regex(pattern);
        Assert.False(regex.UsesDfa, $"expected no DFA for {RegexOracle.Show(pattern)}");
        RegexOracle.AssertAgrees(regex, Inputs(pattern, seed: pattern.Length));
    }

    [Fact]
    public void Email_examples_match_as_expected()
    {
        var regex = new Utf8Regex(Email);
        Assert.True(regex.IsMatch("ann@example.com"u8));
        Assert.True(regex.IsMatch("ann@example.com\n"u8));
        Assert.False(regex.IsMatch("ann@example.com\n\n"u8));
        Assert.False(regex.IsMatch("ann@example.c"u8));
        Assert.False(regex.IsMatch("ann@@example.com"u8));
        Assert.False(regex.IsMatch("ann @example.com"u8));
        Assert.False(regex.IsMatch("ann@example.COM"u8));
        Assert.True(regex.IsMatch("jörg@example.de"u8)); // non-ASCII: through .NET, same answer
        Assert.False(regex.IsMatch("ann@exa\u00A0mple.com"u8)); // a no-break space is \s for .NET
    }

    [Fact]
    public void Every_ascii_character_is_classified_like_dotnet_by_each_class()
    {
        var singles = Enumerable.Range(0, 128).Select(c => new[] { (byte)c }).ToList();
        foreach (var pattern in new[] { @"^\d$", @"^\w$", @"^\s$", @"^\D$", @"^\W$", @"^\S$", "^.$", @"^[^\s@]$", @"^[\w\-]$", @"^[^\W\d]$" })
        {
            var regex = new Utf8Regex(pattern);
            Assert.True(regex.UsesDfa);
            RegexOracle.AssertAgrees(regex, singles);
        }
    }

    [Fact]
    public void Invalid_utf8_is_decoded_with_replacement_characters_like_encoding_utf8()
    {
        byte[][] invalid = [[0xFF], [0x61, 0xC3], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0x80, 0x61, 0x62, 0x63]];
        foreach (var pattern in new[] { "\uFFFD", "^.$", "^..$", "abc", "^a", "^[^a]+$", @"^\W+$", Email })
            RegexOracle.AssertAgrees(new Utf8Regex(pattern), invalid);
        Assert.True(new Utf8Regex("^\uFFFD$").IsMatch([0xFF]));
        Assert.True(new Utf8Regex("^.bc$").IsMatch([0x80, 0x62, 0x63]));
    }

    /// <summary>Random patterns from the subset's grammar against random values: catches the combinations nobody
    /// thought to list.</summary>
    [Fact]
    public void Random_subset_patterns_agree_with_dotnet()
    {
        var random = new Random(20261126);
        int dfaPatterns = 0;
        for (int p = 0; p < 400; p++)
        {
            string pattern = RandomPatterns.Pattern(random);
            var regex = new Utf8Regex(pattern);
            if (regex.UsesDfa) dfaPatterns++;
            var inputs = Enumerable.Range(0, 60).Select(_ => Encoding.UTF8.GetBytes(RandomPatterns.Value(random))).ToList();
            RegexOracle.AssertAgrees(regex, inputs);
            var (offsets, data) = ArrowLayout.Of(inputs);
            var matches = new bool[inputs.Count];
            regex.MatchAll(offsets, data, matches);
            for (int i = 0; i < inputs.Count; i++)
                if (matches[i] != RegexOracle.Expected(pattern, inputs[i]))
                    Assert.Fail($"MatchAll: pattern {RegexOracle.Show(pattern)} on {RegexOracle.Show(inputs[i])} disagrees with .NET.");
        }
        Assert.True(dfaPatterns > 350, $"only {dfaPatterns} of 400 random patterns used the DFA");
    }

    /// <summary>Long values through states that loop on many bytes (<c>[^@\s]+</c>, <c>.*</c>, <c>\w+</c>): the DFA
    /// jumps over such runs with a vectorized search, which must stop exactly where the per-byte scan would (at a
    /// leaving byte, a non-ASCII byte, the end, or just before a final line feed under <c>$</c>).</summary>
    [Theory]
    [InlineData(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]
    [InlineData(@"^[^,]*,[^,]*$")]
    [InlineData(@".*x$")]
    [InlineData(@"^\w+$")]
    [InlineData(@"[^a]+b")]
    [InlineData(@"^.{40,}$")]
    [InlineData(@"^[^\n]*z")]
    public void Long_runs_skipped_by_the_dfa_agree_with_dotnet(string pattern)
    {
        var regex = new Utf8Regex(pattern);
        Assert.True(regex.UsesDfa);
        var random = new Random(pattern.Length);
        const string alphabet = "abcdefxyz0123456789_.,@ -\n\u00E9";
        var inputs = new List<byte[]>();
        for (int i = 0; i < 3000; i++)
        {
            int length = random.Next(0, 120);
            var chars = new char[length];
            // Mostly letters, so long runs stay in one state; the other characters end them.
            for (int c = 0; c < length; c++) chars[c] = random.Next(8) == 0 ? alphabet[random.Next(alphabet.Length)] : (char)('a' + random.Next(26));
            inputs.Add(Encoding.UTF8.GetBytes(new string(chars)));
            if (random.Next(4) == 0) inputs.Add(Encoding.UTF8.GetBytes(new string(chars) + "\n"));
        }
        RegexOracle.AssertAgrees(regex, inputs);
    }

    /// <summary>Edge cases plus random strings over the pattern's own characters and a little noise.</summary>
    internal static IEnumerable<byte[]> Inputs(string pattern, int seed)
    {
        string[] edges =
        [
            "", "\n", "\n\n", "a", "a\n", "\na", "a\nb", "abc", "abc\n", "xabcx", "foo", "bar", "foobar", "foobar\n",
            "foofoo\nbar", "ac", "abc\n\n", "a.c", "aXc", "a\nc", "555-1234", "x555-1234x", "55-1234", "+1 (555) 123-4567",
            "123456", "12345678901234567890123", "ann@example.com", "ann@example.com\n", "a@b.co", "a@b.c", "@b.co",
            "a@@b.co", "a b@c.de", "123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-42661417400",
            "123E4567-E89B-12D3-A456-426614174000\n", "é", "café", "cafe", "naïve@example.com", "😀", "a😀c", "x\u00A0y",
            "\u2028", "١٢٣-٤٥٦٧", "AB", "\t \r\n", "{}", "]", "a}", "x{a}", "aa", "aaa", "aaaa", "aaaaa", "colour", "color",
            "abbbc", "d", "cd", "acd", "bcacd", "ababc", "2024-01-05", "Hello World", "hello world", "_", "-", "\\", "\u001B\u0007\f\v\r",
        ];
        foreach (var e in edges) yield return Encoding.UTF8.GetBytes(e);

        var random = new Random(seed);
        var alphabet = pattern.Where(c => c is not ('\\' or '[' or ']' or '(' or ')' or '{' or '}' or '^' or '$' or '|' or '*' or '+' or '?'))
            .Concat("ab1 \n@.-xé").Distinct().ToArray();
        for (int i = 0; i < 300; i++)
        {
            int length = random.Next(0, 24);
            var chars = new char[length];
            for (int j = 0; j < length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            yield return Encoding.UTF8.GetBytes(chars);
        }
    }
}
