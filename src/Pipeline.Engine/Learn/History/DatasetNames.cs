using System.Text.RegularExpressions;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// The dataset a run is recorded under when neither <c>--dataset</c> nor the spec's <c>name:</c> says: the input's file
/// name without its extensions and without date-like parts, so daily files of one feed share their history
/// (<c>sales_2024-03-01.csv</c> → <c>sales</c>, <c>orders-20240301.parquet</c> → <c>orders</c>). The rule is in docs/history.md.
/// </summary>
public static partial class DatasetNames
{
    /// <summary>The dataset name for an input path (a file, folder or glob); <c>stdin</c> for standard input.</summary>
    public static string FromInput(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "-") return "stdin";
        var name = Path.GetFileName(path.TrimEnd('/', '\\', '*'));
        // A glob or folder (sales/*.csv): the folder names the dataset.
        if (name.Length == 0 || name.Contains('*') || name.Contains('?')) name = Path.GetFileName(Path.GetDirectoryName(path.TrimEnd('/', '\\')) ?? path);
        // Every extension (.csv.gz), but not a leading dot.
        int dot = name.IndexOf('.', 1);
        var stem = dot > 0 ? name[..dot] : name;
        // sales_2024-03-01_eu → sales__eu → sales_eu: the separators either side of a removed date become one.
        var cleaned = Separators().Replace(DateLike().Replace(stem, ""), "$1").Trim(' ', '_', '-', '.');
        // A name that is nothing but a date (2024-03-01.csv) keeps it: nothing else tells such feeds apart.
        return cleaned.Length > 0 ? cleaned : stem;
    }

    /// <summary>Dates with optional times: 2024-03-01, 2024_03_01, 20240301, 2024-03, 2024-03-01T10:00:00, 20240301T1000,
    /// and a trailing time of day or a Unix timestamp after a date.</summary>
    [GeneratedRegex(@"(?<![0-9])(19|20)[0-9]{2}([-_.]?)(0[1-9]|1[0-2])(\2(0[1-9]|[12][0-9]|3[01]))?([T_ -]?[0-2][0-9][-_:.]?[0-5][0-9]([-_:.]?[0-5][0-9])?Z?)?(?![0-9])")]
    private static partial Regex DateLike();

    /// <summary>Runs of separators left where a date was removed (the first one is kept).</summary>
    [GeneratedRegex(@"([ _\-.])[ _\-.]+")]
    private static partial Regex Separators();
}
