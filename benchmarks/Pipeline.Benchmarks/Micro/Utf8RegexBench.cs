using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Pipeline.Kernels.Text;

namespace Pipeline.Benchmarks.Micro;

/// <summary>The validation rules' <c>regex:</c> check on an email column: 100,000 generated email-like values in
/// Arrow's offsets-and-data layout (about 1% non-ASCII, about a fifth invalid). The baseline decodes every value to a
/// string and calls a compiled <see cref="Regex"/>, as the rules do today; <see cref="Utf8Regex"/> runs its DFA on
/// the bytes. Times are per value (OperationsPerInvoke).</summary>
[MemoryDiagnoser]
public class Utf8RegexBench
{
    private const int Values = 100_000;
    private const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[a-z]{2,}$";

    private int[] _offsets = [];
    private byte[] _data = [];
    private bool[] _matches = [];
    private Regex _regex = null!;
    private Utf8Regex _utf8Regex = null!;
    private Utf8Regex _tableScanRegex = null!;

    /// <summary>Generates the values (fixed seed) and compiles both matchers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string[] users = ["ann", "bob.smith", "c_jones", "dave+tag", "eve", "frank.o", "marie-claire"];
        string[] nonAsciiUsers = ["jörg", "zoë", "françois"];
        string[] domains = ["example.com", "mail.example.org", "corp.example.co.uk", "example", "EXAMPLE.COM", "ex ample.net"];
        var values = new byte[Values][];
        for (int i = 0; i < Values; i++)
        {
            string user = (random.Next(100) == 0 ? nonAsciiUsers[random.Next(nonAsciiUsers.Length)] : users[random.Next(users.Length)])
                + random.Next(100_000);
            string domain = random.Next(5) == 0 ? domains[random.Next(domains.Length)] : domains[random.Next(3)];
            values[i] = Encoding.UTF8.GetBytes(random.Next(50) == 0 ? user + domain : user + "@" + domain);
        }
        _offsets = new int[Values + 1];
        for (int i = 0; i < Values; i++) _offsets[i + 1] = _offsets[i] + values[i].Length;
        _data = new byte[_offsets[^1]];
        for (int i = 0; i < Values; i++) values[i].CopyTo(_data, _offsets[i]);
        _matches = new bool[Values];
        _regex = new Regex(EmailPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _utf8Regex = new Utf8Regex(EmailPattern);
        _tableScanRegex = new Utf8Regex(EmailPattern, RegexOptions.None, composeShortValues: false);
        if (!_utf8Regex.UsesDfa) throw new InvalidOperationException("the email pattern should use the DFA");
        if (DecodeToStringAndRegex() != Utf8RegexMatchAll())
            throw new InvalidOperationException("Utf8Regex and Regex disagree on the generated values");
        Console.WriteLine($"// {Values:N0} values, {_data.Length / (double)Values:F1} bytes each on average, "
            + $"{values.Count(v => !System.Text.Ascii.IsValid(v))} non-ASCII, {_matches.Count(m => m)} match");
    }

    /// <summary>Today's path: a new string per value, then <see cref="Regex.IsMatch(string)"/>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Values)]
    public int DecodeToStringAndRegex()
    {
        int matched = 0;
        for (int i = 0; i < Values; i++)
            if (_regex.IsMatch(Encoding.UTF8.GetString(_data, _offsets[i], _offsets[i + 1] - _offsets[i]))) matched++;
        return matched;
    }

    /// <summary>Decoding into one reused char buffer (no string per value), then the span overload of the same Regex:
    /// separates the cost of the strings from the cost of the matcher.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public int DecodeToSpanAndRegex()
    {
        int matched = 0;
        char[] buffer = new char[256];
        for (int i = 0; i < Values; i++)
        {
            var value = _data.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]);
            if (buffer.Length < value.Length) buffer = new char[value.Length];
            if (_regex.IsMatch(buffer.AsSpan(0, Encoding.UTF8.GetChars(value, buffer)))) matched++;
        }
        return matched;
    }

    /// <summary>The DFA on the UTF-8 bytes, the non-ASCII values through its .NET fallback (short values of this
    /// small DFA through the shuffle-composed scan).</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public int Utf8RegexMatchAll() => _utf8Regex.MatchAll(_offsets, _data, _matches);

    /// <summary>The same with every value on the state-by-state table scan (early exit, run skipping), the scan short
    /// values used before the composed one.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public int Utf8RegexMatchAllTableScan() => _tableScanRegex.MatchAll(_offsets, _data, _matches);
}
