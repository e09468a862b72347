using System.Collections.Concurrent;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// Opens the other tables of <c>exists_in</c> and <c>row_count_equals</c>. Files go through
/// <see cref="FileFormats.OpenSource"/>; other kinds of source (a DuckDB table, a database) plug in with
/// <see cref="Register"/> under the name a rule gives as <c>format:</c>.
/// </summary>
public static class ReferenceSources
{
    private static readonly ConcurrentDictionary<string, Func<RuleReference, ISource>> Openers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes <paramref name="format"/> open references with <paramref name="opener"/> (replacing an earlier one).</summary>
    public static void Register(string format, Func<RuleReference, ISource> opener)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        ArgumentNullException.ThrowIfNull(opener);
        Openers[format] = opener;
    }

    /// <summary>Opens a reference, reading only its column when it names one.</summary>
    public static ISource Open(RuleReference reference)
    {
        if (reference.Format is { } format && Openers.TryGetValue(format, out var opener)) return opener(reference);
        return FileFormats.OpenSource(reference.Path, new SourceOptions
        {
            Format = reference.Format,
            Columns = reference.Column is null ? null : [reference.Column],
        });
    }
}
