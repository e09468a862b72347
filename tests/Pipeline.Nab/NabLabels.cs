using System.Globalization;
using System.Text.Json;

namespace Pipeline.Nab;

/// <summary>The windows of every labelled series, read from NAB's <c>labels/combined_windows.json</c>.</summary>
public sealed class NabLabels
{
    private readonly Dictionary<string, IReadOnlyList<NabWindow>> _windows;

    private NabLabels(Dictionary<string, IReadOnlyList<NabWindow>> windows) => _windows = windows;

    /// <summary>Series paths relative to NAB's <c>data/</c> folder (<c>realTweets/Twitter_volume_AAPL.csv</c>), sorted.</summary>
    public IReadOnlyList<string> Series => _windows.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>How many windows the file holds over all series: the perfect detector's count of true positives.</summary>
    public int WindowCount => _windows.Values.Sum(w => w.Count);

    /// <summary>The windows of one series, in time order.</summary>
    public IReadOnlyList<NabWindow> WindowsOf(string series) =>
        _windows.TryGetValue(series, out var windows) ? windows : throw new KeyNotFoundException($"no labels for series '{series}'");

    /// <summary>Reads a windows file (<c>{"cat/name.csv": [["start", "end"], ...]}</c>).</summary>
    public static NabLabels Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var windows = new Dictionary<string, IReadOnlyList<NabWindow>>(StringComparer.Ordinal);
        foreach (var series in doc.RootElement.EnumerateObject())
        {
            var list = series.Value.EnumerateArray()
                .Select(pair => new NabWindow(NabTime.Parse(pair[0].GetString()!), NabTime.Parse(pair[1].GetString()!)))
                .OrderBy(w => w.Start)
                .ToList();
            windows[series.Name] = list;
        }
        return new NabLabels(windows);
    }
}

/// <summary>NAB's timestamp text: <c>yyyy-MM-dd HH:mm:ss</c>, windows with a fraction (<c>.000000</c>).</summary>
public static class NabTime
{
    /// <summary>Parses a NAB timestamp as an unspecified-kind <see cref="DateTime"/>.</summary>
    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.ffffff"], CultureInfo.InvariantCulture, DateTimeStyles.None);
}
