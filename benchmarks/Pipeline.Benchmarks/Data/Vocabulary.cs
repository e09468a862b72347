using System.Text;

namespace Pipeline.Benchmarks.Data;

/// <summary>
/// The fixed word lists of the generated data and the UTF-8 text of derived values. Strings are produced as
/// UTF-8 bytes straight into caller buffers so that neither writer allocates a string per value.
/// </summary>
public static class Vocabulary
{
    /// <summary>The 20 categories. Two need CSV quoting (a comma; embedded quotes) so the readers' RFC 4180
    /// quoted-field path is exercised on every run, as it would be on real exports.</summary>
    public static IReadOnlyList<string> Categories { get; } =
    [
        "Electronics", "Books", "Clothing", "Home, Garden", "Toys", "Sports", "Beauty", "Grocery", "Automotive", "Health",
        "Music", "Movies", "Office", "Pet Supplies", "Jewelry", "Shoes", "Tools", "Baby", "Outdoor", "Crafts \"DIY\"",
    ];

    /// <summary>Number of distinct customers drawn from (≈1M distinct values appear in 10M rows).</summary>
    public const int CustomerCount = 1_000_000;

    private static readonly string[] FirstNames =
    [
        "anna", "ben", "carla", "david", "emma", "felix", "grace", "hugo",
        "iris", "jonas", "kira", "liam", "maria", "noah", "olga", "paul",
    ];

    private static readonly string[] Domains =
    [
        "example.com", "mail.example.org", "corp.example.net", "shop.example.io",
        "inbox.example.de", "post.example.fr", "web.example.co.uk", "users.example.jp",
    ];

    /// <summary>Number of first names an e-mail local part is built from.</summary>
    public static int FirstNameCount => FirstNames.Length;

    /// <summary>Number of e-mail domains.</summary>
    public static int DomainCount => Domains.Length;

    /// <summary>Category names as UTF-8 (what Arrow stores).</summary>
    public static byte[][] CategoryUtf8 { get; } = Categories.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Category names as RFC 4180 CSV fields: quoted, with quotes doubled, where needed.</summary>
    public static byte[][] CategoryCsv { get; } = Categories.Select(c => Encoding.UTF8.GetBytes(CsvField(c))).ToArray();

    private static readonly byte[][] FirstNameUtf8 = FirstNames.Select(Encoding.UTF8.GetBytes).ToArray();
    private static readonly byte[][] DomainUtf8 = Domains.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Longest UTF-8 length any string value can have; buffers of this size always suffice.</summary>
    public const int MaxValueBytes = 64;

    /// <summary>Writes the customer key (<c>C0001234</c>, fixed width so it sorts like its number).</summary>
    public static int WriteCustomer(Span<byte> destination, int customer)
    {
        destination[0] = (byte)'C';
        customer.TryFormat(destination[1..], out int n, "D7", System.Globalization.CultureInfo.InvariantCulture);
        return n + 1;
    }

    /// <summary>Writes an e-mail address such as <c>maria.1234@shop.example.io</c>.</summary>
    public static int WriteEmail(Span<byte> destination, int firstName, int customer, int domain)
    {
        var name = FirstNameUtf8[firstName];
        name.CopyTo(destination);
        int pos = name.Length;
        destination[pos++] = (byte)'.';
        customer.TryFormat(destination[pos..], out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        pos += n;
        destination[pos++] = (byte)'@';
        DomainUtf8[domain].CopyTo(destination[pos..]);
        return pos + DomainUtf8[domain].Length;
    }

    private static string CsvField(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
