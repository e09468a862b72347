using Pipeline.Benchmarks.Data;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>Settings of one <c>compare</c> (or <c>generate</c>) run, from the command line.</summary>
/// <param name="Rows">Rows in the data set (<c>--rows</c>, default 10,000,000).</param>
/// <param name="DataFolder">Where the data lives (<c>--data</c>, default <c>benchmarks/data</c>).</param>
/// <param name="Runs">Timed runs per case after the warm-up (<c>--runs</c>, default 3); the best is reported.</param>
/// <param name="ResultsPath">The Markdown file updated with the results (<c>--results</c>, default <c>benchmarks/RESULTS.md</c>;
/// <c>none</c> skips it).</param>
/// <param name="Force">Regenerate the data even if it exists (<c>--force</c>).</param>
public sealed record CompareOptions(long Rows, string DataFolder, int Runs, string? ResultsPath, bool Force)
{
    /// <summary>The data set these options select.</summary>
    public BenchDataset Dataset => new(DataFolder, Rows);

    /// <summary>Parses the arguments after the command word.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static CompareOptions Parse(IReadOnlyList<string> args)
    {
        long rows = BenchDataset.DefaultRows;
        string data = BenchDataset.DefaultFolder();
        int runs = 3;
        string? results = Path.Combine(BenchDataset.BenchmarksFolder(), "RESULTS.md");
        bool force = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--rows": rows = ParseCount(Value(args, ref i), "--rows"); break;
                case "--data": data = Path.GetFullPath(Value(args, ref i)); break;
                case "--runs": runs = (int)ParseCount(Value(args, ref i), "--runs"); break;
                case "--results": results = Value(args, ref i) is "none" ? null : Path.GetFullPath(args[i]); break;
                case "--force": force = true; break;
                default: throw new ArgumentException($"unknown option '{args[i]}' (known: --rows N, --data DIR, --runs N, --results FILE|none, --force)");
            }
        }
        return new CompareOptions(rows, data, runs, results, force);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
        => ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    /// <summary>Accepts plain numbers and underscores or k/M suffixes (<c>100000</c>, <c>100_000</c>, <c>100k</c>, <c>10M</c>).</summary>
    internal static long ParseCount(string text, string option)
    {
        var t = text.Replace("_", "", StringComparison.Ordinal);
        long scale = 1;
        if (t.EndsWith('k') || t.EndsWith('K')) { scale = 1_000; t = t[..^1]; }
        else if (t.EndsWith('m') || t.EndsWith('M')) { scale = 1_000_000; t = t[..^1]; }
        return long.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * scale
            : throw new ArgumentException($"{option}: '{text}' is not a positive number");
    }
}
