using System.Text;
using Apache.Arrow;
using Pipeline.Engine.Analyze;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>
/// Finds a row's entry in a map keyed by the row's display text (<see cref="ValueText"/>) without allocating a
/// string per row: UTF-8 text is decoded into a reused buffer and looked up through the map's span lookup, so only a
/// key seen for the first time becomes a string. Other column types go through <see cref="ValueText.Get"/>.
/// One instance per map and thread.
/// </summary>
internal sealed class TextKeyLookup<T>(Dictionary<string, T> map)
{
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _spans = map.GetAlternateLookup<ReadOnlySpan<char>>();
    private char[] _chars = new char[128];

    /// <summary>The map.</summary>
    public Dictionary<string, T> Map => map;

    /// <summary>
    /// Looks up row <paramref name="row"/>: false for a row without text (null, or a null dictionary entry); otherwise true with the entry in
    /// <paramref name="value"/> when present, or with <paramref name="missingKey"/> set to the row's text (the key to
    /// add) when not.
    /// </summary>
    public bool TryFind(IArrowArray column, int row, out T? value, out string? missingKey)
    {
        value = default;
        missingKey = null;
        if (column.IsNull(row)) return false;
        if (column is StringArray strings)
        {
            var bytes = strings.GetBytes(row);
            if (_chars.Length < bytes.Length) _chars = new char[Math.Max(bytes.Length, 2 * _chars.Length)];
            var text = _chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _chars));
            if (_spans.TryGetValue(text, out value)) return true;
            missingKey = new string(text);
            return true;
        }
        // A valid index can still point at a null dictionary entry: no text, like a null row.
        if (ValueText.Get(column, row) is not { } key) return false;
        if (!map.TryGetValue(key, out value)) missingKey = key;
        return true;
    }
}
