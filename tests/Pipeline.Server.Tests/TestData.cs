using System.Globalization;
using System.Text;

namespace Pipeline.Server.Tests;

/// <summary>Small generated inputs, written by the tests themselves.</summary>
internal static class TestData
{
    /// <summary>A CSV with <paramref name="rows"/> rows: id, amount (id × 1.5), category (a, b, c in turn).</summary>
    public static byte[] Csv(int rows)
    {
        var text = new StringBuilder("id,amount,category\n");
        for (int i = 1; i <= rows; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i},{i * 1.5},{(char)('a' + i % 3)}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
