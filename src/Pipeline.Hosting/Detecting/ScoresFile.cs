using System.Globalization;
using System.Text;
using Pipeline.Core.Files;

namespace Pipeline.Hosting.Detecting;

/// <summary>
/// A scores file: <c>timestamp,value,anomaly_score</c>, one line per input row in input order (the layout of NAB's
/// result files, so a NAB scorer reads it as it is).
/// </summary>
internal static class ScoresFile
{
    /// <summary>The file name for a value column: <c>scores.csv</c> when it is the only one, else <c>scores_COLUMN.csv</c>.</summary>
    public static string NameFor(string valueColumn, int valueColumns) =>
        valueColumns == 1 ? "scores.csv" : $"scores_{Safe(valueColumn)}.csv";

    /// <summary>Writes the file atomically.</summary>
    public static void Write(string path, IReadOnlyList<long> times, IReadOnlyList<double> values, IReadOnlyList<double> scores)
    {
        var text = new StringBuilder(times.Count * 40);
        text.Append("timestamp,value,anomaly_score\n");
        for (int i = 0; i < times.Count; i++)
        {
            text.Append(Time(times[i])).Append(',');
            if (!double.IsNaN(values[i])) text.Append(values[i].ToString("R", CultureInfo.InvariantCulture));
            text.Append(',').Append(scores[i].ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        }
        AtomicWrite.WriteText(path, text.ToString());
    }

    /// <summary>A time as <c>yyyy-MM-dd HH:mm:ss</c> with a fraction only when it has one (UTC).</summary>
    public static string Time(long ticksSinceEpoch) =>
        DateTime.UnixEpoch.AddTicks(ticksSinceEpoch).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    // Column names become part of a file name: keep letters, digits, '-', '_' and '.'.
    private static string Safe(string column) =>
        new(column.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
