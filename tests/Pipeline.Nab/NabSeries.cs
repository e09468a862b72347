using System.Globalization;

namespace Pipeline.Nab;

/// <summary>One NAB data file: its timestamps and values in file order.</summary>
/// <param name="Name">Path relative to NAB's <c>data/</c> folder.</param>
/// <param name="Timestamps">Row timestamps.</param>
/// <param name="Values">Row values.</param>
public sealed record NabSeries(string Name, DateTime[] Timestamps, double[] Values)
{
    /// <summary>Reads <c>data/NAME</c> (columns <c>timestamp,value</c>) under NAB's root folder.</summary>
    public static NabSeries Load(string nabRoot, string name)
    {
        var (timestamps, columns) = NabCsv.Read(Path.Combine(nabRoot, "data", name), "value");
        return new NabSeries(name, timestamps, columns[0]);
    }

    /// <summary>
    /// Reads a detector's published scores for a series: <c>results/DETECTOR/CATEGORY/DETECTOR_FILE</c>, column
    /// <c>anomaly_score</c>.
    /// </summary>
    public static double[] LoadScores(string nabRoot, string detector, string name)
    {
        var folder = Path.GetDirectoryName(name)!;
        var path = Path.Combine(nabRoot, "results", detector, folder, $"{detector}_{Path.GetFileName(name)}");
        return NabCsv.Read(path, "anomaly_score").Columns[0];
    }
}

/// <summary>The small CSV reader NAB's files need: a header, a timestamp first, plain numbers after it.</summary>
internal static class NabCsv
{
    public static (DateTime[] Timestamps, double[][] Columns) Read(string path, params string[] columns)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        for (int c = 0; c < columns.Length; c++)
            if (indexes[c] < 0) throw new InvalidDataException($"{path}: no column '{columns[c]}'");
        var timestamps = new DateTime[lines.Length - 1];
        var values = columns.Select(_ => new double[lines.Length - 1]).ToArray();
        for (int row = 1; row < lines.Length; row++)
        {
            var fields = lines[row].Split(',');
            timestamps[row - 1] = NabTime.Parse(fields[0]);
            for (int c = 0; c < columns.Length; c++)
                values[c][row - 1] = double.Parse(fields[indexes[c]], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return (timestamps, values);
    }
}
